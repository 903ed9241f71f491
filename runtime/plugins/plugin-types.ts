import type { ConfigDef } from '../config/config-def.ts';

/**
 * Kafka's PluginType, spelled as the REST API prints it (`PluginType.toString()` is the lower-case
 * enum name): `GET /connector-plugins` shows these strings as each plugin's `type`.
 */
export type PluginType =
  | 'source'
  | 'sink'
  | 'converter'
  | 'header_converter'
  | 'transformation'
  | 'predicate'
  | 'configprovider'
  | 'connector_client_config_override_policy';

export const PLUGIN_TYPES: readonly PluginType[] = Object.freeze([
  'source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate', 'configprovider',
  'connector_client_config_override_policy',
]);

/** Where a plugin came from: the runtime itself, or a package directory under plugin.path. */
export const BUILT_IN_LOCATION = 'built-in';

/** One loadable plugin class of one type (a class implementing two interfaces has two). */
export interface PluginDescriptor {
  /** The name configs use, Kafka-style: `org.apache.kafka.connect.file.FileStreamSourceConnector`. */
  readonly className: string;
  readonly type: PluginType;
  readonly version: string;
  /** Aliases the plugin declares beyond the ones computed from its class name (e.g. `Cast$Value`). */
  readonly declaredAliases: readonly string[];
  /** `built-in`, or the package directory the plugin was loaded from. */
  readonly location: string;
  /** A new, unconfigured instance. */
  create(): unknown;
  /** The plugin's config definition (what GET /connector-plugins/{p}/config lists). */
  configDef(): ConfigDef;
}

/** One entry of `GET /connector-plugins`. */
export interface PluginInfo {
  class: string;
  type: PluginType;
  version: string;
}

export function pluginInfo(descriptor: PluginDescriptor): PluginInfo {
  return { class: descriptor.className, type: descriptor.type, version: descriptor.version };
}
