// Kafka's ConnectorConfig.enrich: a connector's ConfigDef gains, per alias listed in `transforms`
// and `predicates`, a required `<kind>s.<alias>.type` key and the keys of the plugin it names,
// embedded under the alias prefix. That is how validate reports a bad transform setting next to
// the connector's own keys.
import { ConfigDef, hasDefault, unprefixedRecommender, type ConfigKey, type Importance } from '../config/config-def.ts';
import { ConfigException } from '../config/config-exception.ts';
import { parseConfigType } from '../config/config-types.ts';
import { customValidator, type Recommender, type Validator } from '../config/validators.ts';
import type { PluginType } from '../plugins/plugin-types.ts';
import { PREDICATES_CONFIG, PREDICATES_GROUP, TRANSFORMS_CONFIG, TRANSFORMS_GROUP } from './connector-config-def.ts';
import { ANY_TYPE, type PluginCatalog } from './plugin-catalog.ts';

interface EnrichableKind {
  aliasConfig: string;
  group: string;
  type: PluginType;
  label: 'Transformation' | 'Predicate';
  /** Keys every plugin of this kind gets implicitly (they mask the plugin's own keys of that name). */
  implicit: ConfigDef;
  /** Extra checks of the raw props under one alias prefix. */
  validateProps(prefix: string, props: Readonly<Record<string, string>>): void;
}

const TRANSFORM_IMPLICIT = (): ConfigDef => new ConfigDef()
  .define({ name: 'predicate', type: 'STRING', defaultValue: null, importance: 'MEDIUM',
    documentation: 'The alias of a predicate used to determine whether to apply this transformation.' })
  .define({ name: 'negate', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
    documentation: 'Whether the configured predicate should be negated.' });

const KINDS: readonly EnrichableKind[] = [
  {
    aliasConfig: TRANSFORMS_CONFIG, group: TRANSFORMS_GROUP, type: 'transformation', label: 'Transformation',
    get implicit() { return TRANSFORM_IMPLICIT(); },
    validateProps(prefix, props) {
      if (Object.hasOwn(props, `${prefix}negate`) && !Object.hasOwn(props, `${prefix}predicate`)) {
        throw new ConfigException(`Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`);
      }
    },
  },
  {
    aliasConfig: PREDICATES_CONFIG, group: PREDICATES_GROUP, type: 'predicate', label: 'Predicate',
    get implicit() { return new ConfigDef(); },
    validateProps() {},
  },
];

/** A copy of `base` with the keys of every configured transformation and predicate. */
export function enrichConfigDef(catalog: PluginCatalog, base: () => ConfigDef, props: Readonly<Record<string, string>>): ConfigDef {
  const enriched = base();
  for (const kind of KINDS) enrichKind(catalog, kind, enriched, props);
  return enriched;
}

function enrichKind(catalog: PluginCatalog, kind: EnrichableKind, def: ConfigDef, props: Readonly<Record<string, string>>): void {
  let aliases: unknown;
  try {
    aliases = parseConfigType(kind.aliasConfig, props[kind.aliasConfig], 'LIST');
  } catch {
    return; // the alias list itself is invalid; its own validation reports that
  }
  if (!Array.isArray(aliases)) return;
  for (const alias of new Set(aliases as string[])) {
    const prefix = `${kind.aliasConfig}.${alias}.`;
    const group = `${kind.group}: ${alias}`;
    const typeConfig = `${prefix}type`;
    const lowerLabel = kind.label.toLowerCase();
    def.define({
      name: typeConfig, type: 'CLASS', importance: 'HIGH', group, orderInGroup: 0, width: 'LONG',
      documentation: `Class for the '${alias}' ${lowerLabel}.`,
      displayName: `${kind.label} type for ${alias}`,
      validator: typeValidator(catalog, kind, prefix, props, `valid configs for ${alias} ${lowerLabel}`),
      recommender: classRecommender(catalog, kind.type),
    });
    const plugin = props[typeConfig] === undefined ? undefined : catalog.find(props[typeConfig], [kind.type]);
    if (plugin === undefined) continue; // the type key's own validation reports it
    const child = kind.implicit;
    for (const key of plugin.configDef().configKeys().values()) {
      if (child.configKeys().has(key.name)) continue; // masked by the implicit key of that name
      child.define(definitionOf(key, key.name, key.group));
    }
    embed(def, prefix, group, 1, child);
  }
}

function typeValidator(catalog: PluginCatalog, kind: EnrichableKind, prefix: string, props: Readonly<Record<string, string>>, describe: string): Validator {
  return customValidator(describe, (name, value) => {
    kind.validateProps(prefix, props);
    if (value === null || value === undefined) return;
    const className = String(value);
    if (catalog.find(className, [kind.type]) !== undefined) return;
    if (catalog.find(className, ANY_TYPE) === undefined) return `Class ${className} could not be found.`;
    return `Not a ${kind.label}`;
  });
}

function classRecommender(catalog: PluginCatalog, type: PluginType): Recommender {
  return {
    validValues: () => catalog.list([type]).map((d) => d.className),
    visible: () => true,
  };
}

/** Kafka's ConfigDef.embed: keys in the child's sorted order, groups prefixed, validators see the unprefixed name. */
function embed(def: ConfigDef, prefix: string, groupPrefix: string, startingOrder: number, child: ConfigDef): void {
  let order = startingOrder;
  for (const key of sortedConfigs(child)) {
    def.define({
      ...definitionOf(key, prefix + key.name, groupPrefix + (key.group === undefined ? '' : `: ${key.group}`)),
      orderInGroup: order++,
      validator: key.validator && unprefixedValidator(prefix, key.validator),
      dependents: key.dependents.map((d) => prefix + d),
      recommender: key.recommender && unprefixedRecommender(prefix, key.recommender),
    });
  }
}

function definitionOf(key: ConfigKey, name: string, group: string | undefined) {
  return {
    name, type: key.type, documentation: key.documentation, importance: key.importance,
    ...(hasDefault(key) ? { defaultValue: key.defaultValue } : {}),
    validator: key.validator, recommender: key.recommender, group, orderInGroup: key.orderInGroup,
    width: key.width, displayName: key.displayName, dependents: [...key.dependents], internalConfig: key.internalConfig,
  };
}

const IMPORTANCE_ORDER: Record<Importance, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

function sortedConfigs(def: ConfigDef): ConfigKey[] {
  const groupOrder = new Map(def.groups().map((g, i) => [g, i]));
  return [...def.configKeys().values()].sort((a, b) => {
    const byGroup = a.group === undefined
      ? (b.group === undefined ? 0 : -1)
      : (b.group === undefined ? 1 : groupOrder.get(a.group)! - groupOrder.get(b.group)!);
    if (byGroup !== 0) return byGroup;
    if (a.orderInGroup !== b.orderInGroup) return a.orderInGroup - b.orderInGroup;
    if (hasDefault(a) !== hasDefault(b)) return hasDefault(a) ? 1 : -1;
    const byImportance = IMPORTANCE_ORDER[a.importance] - IMPORTANCE_ORDER[b.importance];
    return byImportance !== 0 ? byImportance : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function unprefixedValidator(prefix: string, base: Validator): Validator {
  return { ensureValid: (name, value) => base.ensureValid(name.slice(prefix.length), value), toString: () => base.toString() };
}
