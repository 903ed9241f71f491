// What the herder needs from the plugin registry: every plugin, and lookup by class name or alias.
// `catalogOf` builds one from descriptors (the registry in runtime/plugins/ provides them).
import { computeAliases } from '../plugins/plugin-aliases.ts';
import type { PluginDescriptor, PluginType } from '../plugins/plugin-types.ts';

export interface PluginCatalog {
  /** Every plugin, in listing order. */
  all(): readonly PluginDescriptor[];
  /** The plugin a config names (class name or unambiguous alias), optionally of one of `types`. */
  find(name: string, types?: readonly PluginType[]): PluginDescriptor | undefined;
}

export function catalogOf(descriptors: readonly PluginDescriptor[]): PluginCatalog {
  const byClass = new Map<string, PluginDescriptor[]>();
  for (const d of descriptors) byClass.set(d.className, [...(byClass.get(d.className) ?? []), d]);
  const aliases = computeAliases(descriptors);
  return {
    all: () => descriptors,
    find(name, types) {
      const candidates = byClass.get(name) ?? byClass.get(aliases.get(name) ?? '') ?? [];
      return candidates.find((d) => types === undefined || types.includes(d.type));
    },
  };
}

export const CONNECTOR_TYPES: readonly PluginType[] = ['source', 'sink'];
