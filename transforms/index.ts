// Every built-in transformation and predicate, as plugin descriptors for the registry.
import { configDefOf, type ConfigKeySpec } from './config-spec.ts';
import { KEY, VALUE, type Operand } from './operand.ts';
import type { Predicate, Transformation } from './runtime-bridge.ts';
import type { TransformPluginDescriptor } from './plugin-descriptor.ts';
import { Cast, CAST_CONFIG } from './kafka/cast.ts';
import { DropHeaders, DROP_HEADERS_CONFIG } from './kafka/drop-headers.ts';
import { ExtractField, EXTRACT_FIELD_CONFIG } from './kafka/extract-field.ts';
import { Filter, FILTER_CONFIG } from './kafka/filter.ts';
import { Flatten, FLATTEN_CONFIG } from './kafka/flatten.ts';
import { HeaderFrom, HEADER_FROM_CONFIG } from './kafka/header-from.ts';
import { HoistField, HOIST_FIELD_CONFIG } from './kafka/hoist-field.ts';
import { InsertField, INSERT_FIELD_CONFIG } from './kafka/insert-field.ts';
import { InsertHeader, INSERT_HEADER_CONFIG } from './kafka/insert-header.ts';
import { MaskField, MASK_FIELD_CONFIG } from './kafka/mask-field.ts';
import { RegexRouter, REGEX_ROUTER_CONFIG } from './kafka/regex-router.ts';
import { ReplaceField, REPLACE_FIELD_CONFIG } from './kafka/replace-field.ts';
import { SetSchemaMetadata, SET_SCHEMA_METADATA_CONFIG } from './kafka/set-schema-metadata.ts';
import { TimestampConverter, TIMESTAMP_CONVERTER_CONFIG } from './kafka/timestamp-converter.ts';
import { TimestampRouter, TIMESTAMP_ROUTER_CONFIG } from './kafka/timestamp-router.ts';
import { ValueToKey, VALUE_TO_KEY_CONFIG } from './kafka/value-to-key.ts';
import { HasHeaderKey, HAS_HEADER_KEY_CONFIG } from './predicates/has-header-key.ts';
import { RecordIsTombstone, RECORD_IS_TOMBSTONE_CONFIG } from './predicates/record-is-tombstone.ts';
import { TopicNameMatches, TOPIC_NAME_MATCHES_CONFIG } from './predicates/topic-name-matches.ts';
import { MaskPii, MASK_PII_CONFIG, HEADERS } from './pii/mask-pii.ts';

export type { TransformPluginDescriptor } from './plugin-descriptor.ts';

const KAFKA = 'org.apache.kafka.connect.transforms.';
const PII = 'io.tributary.transforms.pii.';

function plugin(
  kind: TransformPluginDescriptor['kind'], className: string, shortName: string, description: string,
  configKeys: readonly ConfigKeySpec[], create: () => Transformation | Predicate, examples: readonly string[],
): TransformPluginDescriptor {
  return Object.freeze({ className, aliases: [shortName], kind, description, create, configDef: configDefOf(configKeys), configKeys, examples });
}

/** `Cast$Key` and `Cast$Value` from one definition. */
function keyValue(
  name: string, description: string, configKeys: readonly ConfigKeySpec[],
  create: (operand: Operand) => Transformation, examples: { key: readonly string[]; value: readonly string[] },
  prefix = KAFKA,
): TransformPluginDescriptor[] {
  return [
    plugin('transformation', `${prefix}${name}$Key`, `${name}$Key`, `${description} Applies to the record key.`, configKeys, () => create(KEY), examples.key),
    plugin('transformation', `${prefix}${name}$Value`, `${name}$Value`, `${description} Applies to the record value.`, configKeys, () => create(VALUE), examples.value),
  ];
}

const ex = (name: string, ...files: string[]): string[] => files.map((f) => `${name}/${f}.json`);

export const TRANSFORM_PLUGINS: readonly TransformPluginDescriptor[] = Object.freeze([
  ...keyValue('Cast', 'Casts fields, or the entire key or value, to another primitive type (int8…int64, float32, float64, boolean, string); binary casts to string as base64.',
    CAST_CONFIG, (o) => new Cast(o), { key: ex('cast', 'key-whole-value'), value: ex('cast', 'value-fields-with-schema', 'value-fields-schemaless') }),
  plugin('transformation', `${KAFKA}DropHeaders`, 'DropHeaders', 'Removes one or more headers from each record.',
    DROP_HEADERS_CONFIG, () => new DropHeaders(), ex('drop-headers', 'drop-two-headers')),
  ...keyValue('ExtractField', 'Replaces the data with one of its fields (a Struct field with a schema, a Map entry without). Null values pass through; nested paths need field.syntax.version=V2.',
    EXTRACT_FIELD_CONFIG, (o) => new ExtractField(o), { key: ex('extract-field', 'key-schemaless'), value: ex('extract-field', 'value-with-schema', 'value-nested-v2') }),
  plugin('transformation', `${KAFKA}Filter`, 'Filter', 'Drops every record it is applied to; use it with a predicate to drop the records that match.',
    FILTER_CONFIG, () => new Filter(), ex('filter', 'drop-tombstones', 'keep-matching-topics-negate')),
  ...keyValue('Flatten', 'Flattens nested structs or maps into top-level fields named by joining the path with a delimiter. Arrays are not modified.',
    FLATTEN_CONFIG, (o) => new Flatten(o), { key: ex('flatten', 'key-schemaless'), value: ex('flatten', 'value-with-schema', 'value-schemaless-delimiter') }),
  ...keyValue('HeaderFrom', 'Moves or copies fields of the key or value into headers; fields[i] goes to headers[i].',
    HEADER_FROM_CONFIG, (o) => new HeaderFrom(o), { key: ex('header-from', 'key-copy-schemaless'), value: ex('header-from', 'value-move-with-schema', 'value-copy-schemaless') }),
  ...keyValue('HoistField', 'Wraps the data in a Struct (with a schema) or a Map (without) under a single field.',
    HOIST_FIELD_CONFIG, (o) => new HoistField(o), { key: ex('hoist-field', 'key-with-schema'), value: ex('hoist-field', 'value-schemaless') }),
  ...keyValue('InsertField', 'Inserts fields from record metadata (topic, partition, offset, timestamp) or a static value.',
    INSERT_FIELD_CONFIG, (o) => new InsertField(o), { key: ex('insert-field', 'key-static-schemaless'), value: ex('insert-field', 'value-with-schema', 'value-schemaless') }),
  plugin('transformation', `${KAFKA}InsertHeader`, 'InsertHeader', 'Adds a header with a literal value to each record.',
    INSERT_HEADER_CONFIG, () => new InsertHeader(), ex('insert-header', 'string-literal', 'numeric-literal')),
  ...keyValue('MaskField', "Masks fields with the type's empty value (0, false, empty string…) or a replacement converted to the field's type.",
    MASK_FIELD_CONFIG, (o) => new MaskField(o), { key: ex('mask-field', 'key-schemaless'), value: ex('mask-field', 'value-with-schema', 'value-replacement-schemaless') }),
  plugin('transformation', `${KAFKA}RegexRouter`, 'RegexRouter', 'Renames the topic with a regular expression and a replacement when the whole topic matches.',
    REGEX_ROUTER_CONFIG, () => new RegexRouter(), ex('regex-router', 'strip-prefix', 'no-match')),
  ...keyValue('ReplaceField', 'Filters (include/exclude) and renames top-level fields.',
    REPLACE_FIELD_CONFIG, (o) => new ReplaceField(o), { key: ex('replace-field', 'key-schemaless'), value: ex('replace-field', 'value-with-schema', 'value-schemaless-deprecated-names') }),
  ...keyValue('SetSchemaMetadata', "Sets the schema name and/or version of the key's or value's schema.",
    SET_SCHEMA_METADATA_CONFIG, (o) => new SetSchemaMetadata(o), { key: ex('set-schema-metadata', 'key-name'), value: ex('set-schema-metadata', 'value-name-and-version') }),
  ...keyValue('TimestampConverter', 'Converts timestamps between string, Unix epoch, and the Connect Date, Time and Timestamp types, for one field or the whole data.',
    TIMESTAMP_CONVERTER_CONFIG, (o) => new TimestampConverter(o), { key: ex('timestamp-converter', 'key-unix-to-string'), value: ex('timestamp-converter', 'value-field-string-to-timestamp', 'value-schemaless-unix-seconds') }),
  plugin('transformation', `${KAFKA}TimestampRouter`, 'TimestampRouter', "Sets the topic from the original topic and the record's timestamp, e.g. to route to daily tables or indexes.",
    TIMESTAMP_ROUTER_CONFIG, () => new TimestampRouter(), ex('timestamp-router', 'daily-topic', 'custom-format')),
  plugin('transformation', `${KAFKA}ValueToKey`, 'ValueToKey', 'Replaces the key with a struct or map of fields taken from the value.',
    VALUE_TO_KEY_CONFIG, () => new ValueToKey(), ex('value-to-key', 'with-schema', 'schemaless')),
  plugin('predicate', `${KAFKA}predicates.HasHeaderKey`, 'HasHeaderKey', 'True for records with at least one header with the configured name.',
    HAS_HEADER_KEY_CONFIG, () => new HasHeaderKey(), ex('has-header-key', 'route-flagged-records')),
  plugin('predicate', `${KAFKA}predicates.RecordIsTombstone`, 'RecordIsTombstone', 'True for tombstones (records whose value is null).',
    RECORD_IS_TOMBSTONE_CONFIG, () => new RecordIsTombstone(), ex('record-is-tombstone', 'mask-unless-tombstone')),
  plugin('predicate', `${KAFKA}predicates.TopicNameMatches`, 'TopicNameMatches', "True for records whose whole topic name matches the regular expression.",
    TOPIC_NAME_MATCHES_CONFIG, () => new TopicNameMatches(), ex('topic-name-matches', 'cast-only-on-matching-topics')),
  ...keyValue('MaskPii', 'Masks personal data found by field path, field-name pattern or content detectors (email, phone, card, SSN, IBAN, IP, custom regexes), by redaction, partial masking, keyed HMAC-SHA256 tokens, dropping or nulling.',
    MASK_PII_CONFIG, (o) => new MaskPii(o), { key: ex('mask-pii', 'key-token'), value: ex('mask-pii', 'value-named-fields-schemaless', 'value-content-in-free-text', 'value-with-schema', 'value-debezium-style') }, PII),
  plugin('transformation', `${PII}MaskPii$Headers`, 'MaskPii$Headers', 'Masks personal data in header values (rules name the header key as the first path segment).',
    MASK_PII_CONFIG, () => new MaskPii(HEADERS), ex('mask-pii', 'headers')),
]);

/** Looks a plugin up by class name or alias. */
export function findTransformPlugin(name: string): TransformPluginDescriptor | undefined {
  return TRANSFORM_PLUGINS.find((p) => p.className === name || p.aliases.includes(name));
}
