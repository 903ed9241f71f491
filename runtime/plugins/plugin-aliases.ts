import type { PluginDescriptor, PluginType } from './plugin-types.ts';

/** The interface name Kafka strips from a class name to form the short alias, per plugin type. */
const TYPE_SUFFIX: Record<PluginType, string> = {
  source: 'Connector',
  sink: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
  configprovider: 'ConfigProvider',
  connector_client_config_override_policy: 'ConnectorClientConfigOverridePolicy',
};

/**
 * The class name after its package: `org.apache.kafka.connect.transforms.Cast$Value` → `Cast$Value`.
 * (Java's getSimpleName would say `Value`; keeping the outer name makes the alias usable.)
 */
export function simpleName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

/** PluginUtils.prunedName: the simple name without its type suffix, if the suffix is not all of it. */
export function prunedName(className: string, type: PluginType): string {
  const simple = simpleName(className);
  const pos = simple.lastIndexOf(TYPE_SUFFIX[type]);
  return pos > 0 ? simple.slice(0, pos) : simple;
}

/**
 * PluginUtils.computeAliases: every simple name, pruned name and declared alias that names exactly
 * one class. An alias shared by two different classes is ambiguous and left out (Kafka logs and
 * ignores it), so adding a plugin can never silently change what an existing config means.
 */
export function computeAliases(descriptors: Iterable<PluginDescriptor>): Map<string, string> {
  const candidates = new Map<string, Set<string>>();
  const add = (alias: string, className: string): void => {
    const classes = candidates.get(alias) ?? new Set<string>();
    candidates.set(alias, classes);
    classes.add(className);
  };
  for (const d of descriptors) {
    add(simpleName(d.className), d.className);
    add(prunedName(d.className, d.type), d.className);
    for (const alias of d.declaredAliases) add(alias, d.className);
  }
  const aliases = new Map<string, string>();
  for (const [alias, classes] of candidates) {
    if (classes.size === 1) {
      const [className] = classes;
      if (alias !== className) aliases.set(alias, className);
    }
  }
  return aliases;
}

/** Aliases that were dropped because they name more than one class (for logs and docs). */
export function ambiguousAliases(descriptors: Iterable<PluginDescriptor>): Map<string, string[]> {
  const seen = new Map<string, Set<string>>();
  for (const d of descriptors) {
    for (const alias of [simpleName(d.className), prunedName(d.className, d.type), ...d.declaredAliases]) {
      const classes = seen.get(alias) ?? new Set<string>();
      seen.set(alias, classes);
      classes.add(d.className);
    }
  }
  const out = new Map<string, string[]>();
  for (const [alias, classes] of seen) if (classes.size > 1) out.set(alias, [...classes].sort());
  return out;
}
