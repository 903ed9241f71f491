// What the herder needs from the plugin registry (runtime/plugins' PluginRegistry provides it):
// every plugin of some types, and lookup by class name or unambiguous alias.
import { PLUGIN_TYPES, type PluginDescriptor, type PluginType } from '../plugins/plugin-types.ts';

export interface PluginCatalog {
  /** Descriptors of these types (all when omitted), sorted by class name. */
  list(types?: readonly PluginType[]): PluginDescriptor[];
  /** The plugin a config names (class name or alias) among these types. */
  find(nameOrAlias: string, types: readonly PluginType[]): PluginDescriptor | undefined;
}

export const CONNECTOR_TYPES: readonly PluginType[] = ['source', 'sink'];
export const ANY_TYPE: readonly PluginType[] = PLUGIN_TYPES;
