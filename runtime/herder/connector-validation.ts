// Connector config validation as Kafka's AbstractHerder.validateConnectorConfig does it: resolve
// config-provider references, validate the framework keys (enriched with transforms and
// predicates), the connector's own validate(), converters configured on the connector, and client
// overrides against the override policy. The result drives PUT …/config/validate and the 400
// answer to an invalid create/update.
import { Config, ConfigValue, type ConfigDef, type ConfigKey } from '../config/config-def.ts';
import type { ConfigResolver } from '../config/providers/config-resolver.ts';
import type { Connector } from '../api/connector.ts';
import { validateClientOverrides, type ConnectorClientConfigOverridePolicy } from '../plugins/client-override-policy.ts';
import type { PluginDescriptor } from '../plugins/plugin-types.ts';
import { generateResult, mergeConfigInfos, prefixedConfigInfos } from './config-infos.ts';
import {
  CONNECTOR_CLASS_CONFIG, DLQ_TOPIC_NAME_CONFIG, HEADER_CONVERTER_CONFIG, KEY_CONVERTER_CONFIG, NAME_CONFIG, TOPICS_CONFIG,
  TOPICS_REGEX_CONFIG, VALUE_CONVERTER_CONFIG, sinkConnectorConfigDef, sourceConnectorConfigDef,
} from './connector-config-def.ts';
import { enrichConfigDef } from './enrich-config-def.ts';
import { BadRequestError } from './herder-errors.ts';
import type { ConfigInfos } from './herder-entities.ts';
import { CONNECTOR_TYPES, type PluginCatalog } from './plugin-catalog.ts';

export interface ConnectorValidatorOptions {
  catalog: PluginCatalog;
  overridePolicy: ConnectorClientConfigOverridePolicy;
  /** Resolves `${provider:path:key}` before validating, as the worker's config transformer does. */
  resolver?: ConfigResolver;
}

export class ConnectorConfigValidator {
  readonly #options: ConnectorValidatorOptions;

  constructor(options: ConnectorValidatorOptions) {
    this.#options = options;
  }

  /** The connector plugin a config names; a missing or unknown class is an error, as in Kafka. */
  connectorPlugin(config: Readonly<Record<string, string | null>>): PluginDescriptor {
    const className = config[CONNECTOR_CLASS_CONFIG];
    if (className === undefined || className === null) {
      throw new BadRequestError(`Connector config ${javaMapString(config)} contains no connector type`);
    }
    const plugin = this.#options.catalog.find(className, CONNECTOR_TYPES);
    if (plugin === undefined) {
      const available = this.#options.catalog.list(CONNECTOR_TYPES).map((d) => d.className);
      // Kafka answers 500 here (a plain ConnectException from the plugin lookup), so this is no BadRequestError.
      throw new Error(`Failed to find any class that implements Connector and which name matches ${className}, available connectors are: ${available.join(', ')}`);
    }
    return plugin;
  }

  async validate(rawConfig: Readonly<Record<string, string | null>>): Promise<ConfigInfos> {
    const config = await this.#resolve(rawConfig);
    const plugin = this.connectorPlugin(config);
    const { catalog } = this.#options;
    const isSink = plugin.type === 'sink';
    const stringProps = nonNullProps(config);
    const enriched = enrichConfigDef(catalog, () => (isSink ? sinkConnectorConfigDef(catalog) : sourceConnectorConfigDef(catalog)), stringProps);
    const validated = enriched.validateAll(stringProps);
    if (isSink) validateSinkTopics(stringProps, validated);
    for (const [key, value] of Object.entries(config)) {
      if (value !== null) continue;
      const result = validated.get(key) ?? new ConfigValue(key);
      result.addErrorMessage('Null value can not be supplied as the configuration value.');
      validated.set(key, result);
    }

    const connector = plugin.create() as Connector;
    const connectorDef = connector.config();
    const connectorResult: Config = await connector.validate({ ...stringProps });
    const keys = new Map<string, ConfigKey>(enriched.configKeys());
    for (const [name, key] of connectorDef.configKeys()) keys.set(name, key);
    const groups = new Set([...enriched.groups(), ...connectorDef.groups()]);
    const values = [...validated.values(), ...connectorResult.configValues];
    const main = generateResult(plugin.className, keys, values, [...groups]);

    const converters = [
      this.#validateConverter(stringProps, validated.get(HEADER_CONVERTER_CONFIG), HEADER_CONVERTER_CONFIG, 'header'),
      this.#validateConverter(stringProps, validated.get(KEY_CONVERTER_CONFIG), KEY_CONVERTER_CONFIG, 'key'),
      this.#validateConverter(stringProps, validated.get(VALUE_CONVERTER_CONFIG), VALUE_CONVERTER_CONFIG, 'value'),
    ];
    const overrides = validateClientOverrides(this.#options.overridePolicy, {
      connectorName: stringProps[NAME_CONFIG] ?? '',
      connectorType: isSink ? 'sink' : 'source',
      connectorClass: plugin.className,
      connectorConfig: stringProps,
    });
    const overrideInfos = overrides.length === 0 ? null : prefixedConfigInfos(new Map(), overrides, '');
    return mergeConfigInfos(plugin.className, [main, overrideInfos, ...converters]);
  }

  async #resolve(config: Readonly<Record<string, string | null>>): Promise<Record<string, string | null>> {
    if (this.#options.resolver === undefined) return { ...config };
    const { data } = await this.#options.resolver.resolve(nonNullProps(config));
    const out: Record<string, string | null> = {};
    for (const key of Object.keys(config)) out[key] = config[key] === null ? null : data[key];
    return out;
  }

  /** A converter set on the connector is validated with its own ConfigDef, under its prefix. */
  #validateConverter(props: Record<string, string>, result: ConfigValue | undefined, property: string, converterType: string): ConfigInfos | null {
    const className = props[property];
    if (className === undefined || result === undefined || result.errorMessages.length > 0) return null;
    const plugin = this.#options.catalog.find(className, [property === HEADER_CONVERTER_CONFIG ? 'header_converter' : 'converter']);
    if (plugin === undefined) return null;
    let def: ConfigDef;
    try {
      def = plugin.configDef();
    } catch (e) {
      result.addErrorMessage(`Failed to load ConfigDef from ${converterType} converter: ${(e as Error).message}`);
      return null;
    }
    const prefix = `${property}.`;
    const subConfig: Record<string, string> = { 'converter.type': converterType };
    for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) subConfig[k.slice(prefix.length)] = v;
    return prefixedConfigInfos(def.configKeys(), def.validate(subConfig), prefix);
  }
}

/** SinkConnectorConfig.validate: exactly one of topics / topics.regex, and the DLQ topic not among them. */
function validateSinkTopics(props: Record<string, string>, validated: Map<string, ConfigValue>): void {
  const topics = props[TOPICS_CONFIG];
  const regex = props[TOPICS_REGEX_CONFIG];
  const dlq = (props[DLQ_TOPIC_NAME_CONFIG] ?? '').trim();
  const hasTopics = !isBlank(topics);
  const hasRegex = !isBlank(regex);
  const add = (name: string, value: string | undefined, message: string): void => {
    let result = validated.get(name);
    if (result === undefined) {
      result = new ConfigValue(name);
      result.value = value ?? null;
      validated.set(name, result);
    }
    result.addErrorMessage(message);
  };
  if (hasTopics && hasRegex) {
    const message = `${TOPICS_CONFIG} and ${TOPICS_REGEX_CONFIG} are mutually exclusive options, but both are set.`;
    add(TOPICS_CONFIG, topics, message);
    add(TOPICS_REGEX_CONFIG, regex, message);
  }
  if (!hasTopics && !hasRegex) {
    const message = `Must configure one of ${TOPICS_CONFIG} or ${TOPICS_REGEX_CONFIG}`;
    add(TOPICS_CONFIG, topics, message);
    add(TOPICS_REGEX_CONFIG, regex, message);
  }
  if (dlq !== '' && hasTopics) {
    const list = topics!.split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (list.includes(dlq)) {
      add(TOPICS_CONFIG, topics, `The DLQ topic '${dlq}' may not be included in the list of topics ('${TOPICS_CONFIG}=[${list.join(', ')}]') consumed by the connector`);
    }
  }
  if (dlq !== '' && hasRegex) {
    let matches = false;
    try { matches = new RegExp(`^(?:${regex})$`).test(dlq); } catch { /* an invalid regex is reported by its validator */ }
    if (matches) {
      add(TOPICS_REGEX_CONFIG, regex, `The DLQ topic '${dlq}' may not be matched by the regex for the topics ('${TOPICS_REGEX_CONFIG}=${regex}') consumed by the connector`);
    }
  }
}

function isBlank(s: string | undefined): boolean {
  return s === undefined || s.trim() === '';
}

function nonNullProps(config: Readonly<Record<string, string | null>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null) out[k] = v;
  return out;
}

/** Java's Map.toString, as Kafka prints a config in some error messages. */
export function javaMapString(config: Readonly<Record<string, unknown>>): string {
  return `{${Object.entries(config).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}
