// ConfigDef keys and validation results in the REST API's shapes (Kafka's AbstractHerder
// convertConfigKey / convertConfigValue / generateResult).
import { hasDefault, type ConfigKey, type ConfigValue } from '../config/config-def.ts';
import { convertConfigToString, type ConfigType } from '../config/config-types.ts';
import type { ConfigInfo, ConfigInfos, ConfigKeyInfo, ConfigValueInfo } from './herder-entities.ts';

export function convertConfigKey(key: ConfigKey, prefix = ''): ConfigKeyInfo {
  return {
    name: prefix + key.name,
    type: key.type,
    required: !hasDefault(key),
    default_value: hasDefault(key) ? convertConfigToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group ?? null,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
    order: key.orderInGroup,
  };
}

export function convertConfigValue(value: ConfigValue, type: ConfigType | undefined, name = value.name): ConfigValueInfo {
  const asString = (v: unknown, t: ConfigType | undefined): string | null =>
    t === undefined ? (v === null || v === undefined ? null : String(v)) : convertConfigToString(v, t);
  const recommendedType = type === 'LIST' ? 'STRING' : type;
  return {
    name,
    value: asString(value.value, type),
    recommended_values: value.recommendedValues.map((v) => asString(v, recommendedType) ?? 'null'),
    errors: [...value.errorMessages],
    visible: value.visible,
  };
}

/**
 * Values without a definition first, then every defined key in order with its value (the last
 * value reported for a name wins). error_count is the number of error messages.
 */
export function generateResult(
  connectorClass: string, keys: ReadonlyMap<string, ConfigKey>, values: readonly ConfigValue[], groups: readonly string[],
): ConfigInfos {
  let errorCount = 0;
  const configs: ConfigInfo[] = [];
  const byName = new Map<string, ConfigValue>();
  for (const value of values) {
    byName.set(value.name, value);
    if (!keys.has(value.name)) {
      configs.push({ definition: null, value: convertConfigValue(value, undefined) });
      errorCount += value.errorMessages.length;
    }
  }
  for (const [name, key] of keys) {
    const value = byName.get(name);
    if (value !== undefined) errorCount += value.errorMessages.length;
    configs.push({ definition: convertConfigKey(key), value: value === undefined ? null : convertConfigValue(value, key.type) });
  }
  return { name: connectorClass, error_count: errorCount, groups: [...groups], configs };
}

/** Results of a sub-config (converter, client overrides) under `prefix`; one error per failing key. */
export function prefixedConfigInfos(keys: ReadonlyMap<string, ConfigKey>, values: readonly ConfigValue[], prefix: string): ConfigInfos {
  let errorCount = 0;
  const groups = new Set<string>();
  const configs: ConfigInfo[] = [];
  for (const value of values) {
    const key = keys.get(value.name);
    if (key?.group !== undefined) groups.add(key.group);
    if (value.errorMessages.length > 0) errorCount++;
    configs.push({
      definition: key === undefined ? null : convertConfigKey(key, prefix),
      value: convertConfigValue(value, key?.type, prefix + value.name),
    });
  }
  return { name: '', error_count: errorCount, groups: [...groups], configs };
}

export function mergeConfigInfos(connectorClass: string, parts: ReadonlyArray<ConfigInfos | null>): ConfigInfos {
  const groups = new Set<string>();
  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  for (const part of parts) {
    if (part === null) continue;
    errorCount += part.error_count;
    configs.push(...part.configs);
    for (const g of part.groups) groups.add(g);
  }
  return { name: connectorClass, error_count: errorCount, groups: [...groups], configs };
}

/** Kafka's maybeAddConfigErrors message: the text of the 400 answer to an invalid create/update. */
export function invalidConfigMessage(infos: ConfigInfos): string {
  const lines = [`Connector configuration is invalid and contains the following ${infos.error_count} error(s):`];
  for (const info of infos.configs) for (const e of info.value?.errors ?? []) lines.push(e);
  lines.push('You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`');
  return lines.join('\n');
}
