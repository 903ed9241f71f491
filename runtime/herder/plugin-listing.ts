// GET /connector-plugins and GET /connector-plugins/{p}/config over the plugin catalog
// (Kafka's ConnectorPluginsResource listing and AbstractHerder.connectorPluginConfig).
import type { Connector } from '../api/connector.ts';
import { pluginInfo } from '../plugins/plugin-types.ts';
import { convertConfigKey } from './config-infos.ts';
import { sinkConnectorConfigDef, sourceConnectorConfigDef } from './connector-config-def.ts';
import type { ConfigKeyInfo, PluginInfo } from './herder-entities.ts';
import { BadRequestError, NotFoundError } from './herder-errors.ts';
import { ANY_TYPE, CONNECTOR_TYPES, type PluginCatalog } from './plugin-catalog.ts';

/** Kafka lists sinks, sources, transformations, predicates, converters, header converters, in that order. */
const LISTING_ORDER = ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter'];

export function listPlugins(catalog: PluginCatalog, connectorsOnly: boolean): PluginInfo[] {
  const listed = catalog.list().filter((d) => LISTING_ORDER.includes(d.type) && (!connectorsOnly || CONNECTOR_TYPES.includes(d.type)));
  return listed.sort((a, b) => LISTING_ORDER.indexOf(a.type) - LISTING_ORDER.indexOf(b.type)).map(pluginInfo);
}

/** The plugin's own keys first; a connector also lists the framework keys it does not redefine. */
export function pluginConfigKeys(catalog: PluginCatalog, pluginName: string): ConfigKeyInfo[] {
  const plugin = catalog.find(pluginName, ANY_TYPE);
  if (plugin === undefined) throw new NotFoundError(`Unknown plugin ${pluginName}.`);
  if (!LISTING_ORDER.includes(plugin.type)) {
    throw new BadRequestError(`Invalid plugin class ${pluginName}. Valid types are sink, source, converter, header_converter, transformation, predicate.`);
  }
  const isConnector = CONNECTOR_TYPES.includes(plugin.type);
  const keys = new Map(isConnector ? (plugin.create() as Connector).config().configKeys() : plugin.configDef().configKeys());
  if (isConnector) {
    const base = plugin.type === 'sink' ? sinkConnectorConfigDef(catalog) : sourceConnectorConfigDef(catalog);
    for (const [name, key] of base.configKeys()) if (!keys.has(name)) keys.set(name, key);
  }
  return [...keys.values()].map((k) => convertConfigKey(k));
}
