import { ConfigDef } from '../config/config-def.ts';
import { SinkConnector, SourceConnector } from '../api/connector.ts';
import type { PluginType } from './plugin-types.ts';

type Constructor = new () => unknown;

/** The methods an export of each plugin type must have on its prototype (duck typing, as SMTs are interfaces). */
const REQUIRED_METHODS: Partial<Record<PluginType, readonly string[]>> = {
  transformation: ['configure', 'apply'],
  predicate: ['configure', 'test'],
  converter: ['configure', 'fromConnectData', 'toConnectData'],
  header_converter: ['configure', 'fromConnectHeader', 'toConnectHeader'],
  configprovider: ['configure', 'get'],
};

const TYPE_LABEL: Record<PluginType, string> = {
  source: 'SourceConnector subclass',
  sink: 'SinkConnector subclass',
  converter: 'Converter class',
  header_converter: 'HeaderConverter class',
  transformation: 'Transformation class',
  predicate: 'Predicate class',
  configprovider: 'ConfigProvider class',
  connector_client_config_override_policy: 'ConnectorClientConfigOverridePolicy class',
};

/** Why `value` cannot be a plugin of `type`, or null when it can. */
export function exportProblem(value: unknown, type: PluginType): string | null {
  if (typeof value !== 'function' || value.prototype === undefined) return `is not a class (expected a ${TYPE_LABEL[type]})`;
  const proto = value.prototype as Record<string, unknown>;
  if (type === 'source' && !(proto instanceof SourceConnector)) return `is not a ${TYPE_LABEL.source} (import SourceConnector from 'tributary')`;
  if (type === 'sink' && !(proto instanceof SinkConnector)) return `is not a ${TYPE_LABEL.sink} (import SinkConnector from 'tributary')`;
  const missing = (REQUIRED_METHODS[type] ?? []).filter((m) => typeof proto[m] !== 'function');
  if (missing.length > 0) return `is not a ${TYPE_LABEL[type]}: it has no ${missing.join(', ')} method`;
  return null;
}

/** Version and config definition, read from one instance as Kafka's PluginDesc does. */
export function describeInstance(create: Constructor, fallbackVersion: string): { version: string; configDef: () => ConfigDef } {
  const instance = new create() as { version?: () => string; config?: () => ConfigDef };
  const version = typeof instance.version === 'function' ? String(instance.version()) : fallbackVersion;
  let cached: ConfigDef | undefined;
  const configDef = (): ConfigDef => {
    cached ??= typeof instance.config === 'function' ? instance.config() : new ConfigDef();
    return cached;
  };
  return { version, configDef };
}
