// The framework's own connector keys (Kafka's ConnectorConfig, SourceConnectorConfig and
// SinkConnectorConfig): names, types, defaults, groups and order as Kafka defines them, so the
// validate and config endpoints list the same keys in the same order.
import { ConfigDef } from '../config/config-def.ts';
import { ConfigException } from '../config/config-exception.ts';
import { Range, caseInsensitiveValidString, customValidator, nonNull, validRegex, validString, composite, type Validator } from '../config/validators.ts';
import type { PluginType } from '../plugins/plugin-types.ts';
import type { PluginCatalog } from './plugin-catalog.ts';

export const COMMON_GROUP = 'Common';
export const TRANSFORMS_GROUP = 'Transforms';
export const PREDICATES_GROUP = 'Predicates';
export const ERROR_GROUP = 'Error Handling';

export const NAME_CONFIG = 'name';
export const CONNECTOR_CLASS_CONFIG = 'connector.class';
export const TASKS_MAX_CONFIG = 'tasks.max';
export const KEY_CONVERTER_CONFIG = 'key.converter';
export const VALUE_CONVERTER_CONFIG = 'value.converter';
export const HEADER_CONVERTER_CONFIG = 'header.converter';
export const TRANSFORMS_CONFIG = 'transforms';
export const PREDICATES_CONFIG = 'predicates';
export const TOPICS_CONFIG = 'topics';
export const TOPICS_REGEX_CONFIG = 'topics.regex';
export const DLQ_TOPIC_NAME_CONFIG = 'errors.deadletterqueue.topic.name';

/** Kafka's NonEmptyStringWithoutControlChars: connector names end up in topic keys and URLs. */
export const nonEmptyStringWithoutControlChars: Validator = customValidator('non-empty string without ISO control characters', (name, value) => {
  if (value === null || value === undefined) return;
  const s = String(value);
  if (s === '') return 'String may not be empty';
  const controls = [...s].map((c) => c.codePointAt(0)!).filter((c) => c <= 0x1f || (c >= 0x7f && c <= 0x9f));
  if (controls.length > 0) return `String may not contain control sequences but had the following ASCII chars: ${controls.join(', ')}`;
});

function uniqueAliases(kind: string): Validator {
  return composite(nonNull, customValidator(`unique ${kind} aliases`, (_name, value) => {
    const list = value as string[];
    if (new Set(list).size < list.length) return 'Duplicate alias provided.';
  }));
}

/** A CLASS key naming a plugin of one of `types`, checked against the catalog. */
export function pluginClassValidator(catalog: PluginCatalog, types: readonly PluginType[], label: string): Validator {
  return customValidator(`a ${label} class`, (name, value) => {
    if (value === null || value === undefined) return;
    const className = String(value);
    if (catalog.find(className, types) === undefined) {
      throw new ConfigException(name, value, `Class ${className} could not be found.`);
    }
  });
}

const CONVERTER_TYPES: readonly PluginType[] = ['converter'];
const HEADER_CONVERTER_TYPES: readonly PluginType[] = ['header_converter'];

export function connectorConfigDef(catalog: PluginCatalog): ConfigDef {
  let order = 0;
  let errorOrder = 0;
  return new ConfigDef()
    .define({ name: NAME_CONFIG, type: 'STRING', validator: nonEmptyStringWithoutControlChars, importance: 'HIGH',
      documentation: 'Globally unique name to use for this connector.', group: COMMON_GROUP, orderInGroup: ++order, width: 'MEDIUM', displayName: 'Connector name' })
    .define({ name: CONNECTOR_CLASS_CONFIG, type: 'STRING', importance: 'HIGH',
      documentation: 'Name or alias of the class for this connector, e.g. org.apache.kafka.connect.file.FileStreamSinkConnector, FileStreamSinkConnector or FileStreamSink.',
      group: COMMON_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Connector class' })
    .define({ name: TASKS_MAX_CONFIG, type: 'INT', defaultValue: 1, validator: Range.atLeast(1), importance: 'HIGH',
      documentation: 'Maximum number of tasks to use for this connector.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Tasks max' })
    .define({ name: 'tasks.max.enforce', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: '(Deprecated) Whether a connector that generates more than tasks.max task configs fails.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Enforce tasks max' })
    .define({ name: KEY_CONVERTER_CONFIG, type: 'CLASS', defaultValue: null, validator: pluginClassValidator(catalog, CONVERTER_TYPES, 'converter'), importance: 'LOW',
      documentation: 'Converter for record keys; overrides the worker\'s key.converter.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Key converter class' })
    .define({ name: VALUE_CONVERTER_CONFIG, type: 'CLASS', defaultValue: null, validator: pluginClassValidator(catalog, CONVERTER_TYPES, 'converter'), importance: 'LOW',
      documentation: 'Converter for record values; overrides the worker\'s value.converter.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Value converter class' })
    .define({ name: HEADER_CONVERTER_CONFIG, type: 'CLASS', defaultValue: null, validator: pluginClassValidator(catalog, HEADER_CONVERTER_TYPES, 'header converter'), importance: 'LOW',
      documentation: 'HeaderConverter for record headers; overrides the worker\'s header.converter.', group: COMMON_GROUP, orderInGroup: ++order, width: 'SHORT', displayName: 'Header converter class' })
    .define({ name: TRANSFORMS_CONFIG, type: 'LIST', defaultValue: [], validator: uniqueAliases('transformation'), importance: 'LOW',
      documentation: 'Aliases for the transformations to be applied to records.', group: TRANSFORMS_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Transforms' })
    .define({ name: PREDICATES_CONFIG, type: 'LIST', defaultValue: [], validator: uniqueAliases('predicate'), importance: 'LOW',
      documentation: 'Aliases for the predicates used by transformations.', group: PREDICATES_GROUP, orderInGroup: ++order, width: 'LONG', displayName: 'Predicates' })
    .define({ name: 'config.action.reload', type: 'STRING', defaultValue: 'restart', validator: validString('none', 'restart'), importance: 'LOW',
      documentation: 'What to do when a value from a config provider changes: none, or restart the connector with the new value.', group: COMMON_GROUP, orderInGroup: order + 1, width: 'MEDIUM', displayName: 'Reload Action' })
    .define({ name: 'errors.retry.timeout', type: 'LONG', defaultValue: 0, importance: 'MEDIUM',
      documentation: 'How long (ms) a failed operation is retried; 0 means no retries, -1 retries forever.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'MEDIUM', displayName: 'Retry Timeout for Errors' })
    .define({ name: 'errors.retry.delay.max.ms', type: 'LONG', defaultValue: 60000, importance: 'MEDIUM',
      documentation: 'The longest pause (ms) between two retries.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors' })
    .define({ name: 'errors.tolerance', type: 'STRING', defaultValue: 'none', validator: validString('none', 'all'), importance: 'MEDIUM',
      documentation: "'none' fails the task on the first error; 'all' skips problematic records.", group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'SHORT', displayName: 'Error Tolerance' })
    .define({ name: 'errors.log.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Log each error with the failed operation.', group: ERROR_GROUP, orderInGroup: ++errorOrder, width: 'SHORT', displayName: 'Log Errors' })
    .define({ name: 'errors.log.include.messages', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Include the failed record (keys, values, headers) in error logs.', group: ERROR_GROUP, orderInGroup: errorOrder + 1, width: 'SHORT', displayName: 'Log Error Details' });
}

export function sourceConnectorConfigDef(catalog: PluginCatalog): ConfigDef {
  return connectorConfigDef(catalog)
    .define({ name: 'topic.creation.groups', type: 'LIST', defaultValue: [], validator: uniqueAliases('topic creation group'), importance: 'LOW',
      documentation: 'Groups of settings for topics the connector creates.', group: 'Topic Creation', orderInGroup: 1, width: 'LONG', displayName: 'Topic Creation Groups' })
    .define({ name: 'exactly.once.support', type: 'STRING', defaultValue: 'requested', validator: caseInsensitiveValidString('requested', 'required'), importance: 'MEDIUM',
      documentation: "Whether the connector must support exactly-once delivery: 'requested' or 'required'.", group: 'Exactly Once Support', orderInGroup: 2, width: 'SHORT', displayName: 'Exactly once support' })
    .define({ name: 'transaction.boundary', type: 'STRING', defaultValue: 'poll', validator: caseInsensitiveValidString('poll', 'interval', 'connector'), importance: 'MEDIUM',
      documentation: "Where producer transactions begin and end: 'poll', 'interval' or 'connector'.", group: 'Exactly Once Support', orderInGroup: 3, width: 'SHORT', displayName: 'Transaction Boundary' })
    .define({ name: 'transaction.boundary.interval.ms', type: 'LONG', defaultValue: null,
      validator: customValidator('[0,...]', (_n, v) => (v !== null && v !== undefined && Number(v) < 0 ? 'Value must be at least 0' : undefined)), importance: 'LOW',
      documentation: "Transaction length (ms) when transaction.boundary is 'interval'.", group: 'Exactly Once Support', orderInGroup: 4, width: 'SHORT', displayName: 'Transaction boundary interval' })
    .define({ name: 'offsets.storage.topic', type: 'STRING', defaultValue: null,
      validator: customValidator('non-empty string', (_n, v) => (v === '' ? 'String must be non-empty' : undefined)), importance: 'LOW',
      documentation: 'A separate offsets topic for this connector.', group: 'offsets.storage', orderInGroup: 1, width: 'LONG', displayName: 'Offsets topic' });
}

export function sinkConnectorConfigDef(catalog: PluginCatalog): ConfigDef {
  return connectorConfigDef(catalog)
    .define({ name: TOPICS_CONFIG, type: 'LIST', defaultValue: '', importance: 'HIGH',
      documentation: 'List of topics to consume, separated by commas.', group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics' })
    .define({ name: TOPICS_REGEX_CONFIG, type: 'STRING', defaultValue: '', validator: validRegex, importance: 'HIGH',
      documentation: 'Regular expression giving topics to consume; only one of topics or topics.regex may be set.', group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics regex' })
    .define({ name: DLQ_TOPIC_NAME_CONFIG, type: 'STRING', defaultValue: '', importance: 'MEDIUM',
      documentation: 'Topic that records failing in this sink are written to (the dead letter queue); empty: none.', group: ERROR_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name' })
    .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: 'SHORT', defaultValue: 3, importance: 'MEDIUM',
      documentation: 'Replication factor of the dead letter queue topic when it is created.', group: ERROR_GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor' })
    .define({ name: 'errors.deadletterqueue.context.headers.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Add headers describing the error context to records written to the dead letter queue.', group: ERROR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers' });
}
