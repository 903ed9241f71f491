import { ConfigException } from './config-exception.ts';
import { convertConfigToString, parseConfigType, type ConfigType } from './config-types.ts';
import type { Recommender, Validator } from './validators.ts';

export type { ConfigType } from './config-types.ts';
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';

/** Marks a key without default: it is required. */
export const NO_DEFAULT_VALUE: unique symbol = Symbol('NO_DEFAULT_VALUE');

/** What `define` takes. Omit `defaultValue` to make the key required; `null` makes it optional. */
export interface ConfigKeyDefinition {
  name: string;
  type: ConfigType;
  documentation: string;
  importance: Importance;
  defaultValue?: unknown;
  validator?: Validator;
  recommender?: Recommender;
  group?: string;
  orderInGroup?: number;
  width?: Width;
  displayName?: string;
  dependents?: string[];
  /** Internal keys are left out of docs. */
  internalConfig?: boolean;
}

/** One defined key, with its default already parsed into its type. */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly documentation: string;
  readonly importance: Importance;
  readonly defaultValue: unknown | typeof NO_DEFAULT_VALUE;
  readonly validator: Validator | undefined;
  readonly recommender: Recommender | undefined;
  readonly group: string | undefined;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly internalConfig: boolean;
}

export function hasDefault(key: ConfigKey): boolean {
  return key.defaultValue !== NO_DEFAULT_VALUE;
}

/** The validation result of one key, as PUT …/config/validate reports it. */
export class ConfigValue {
  readonly name: string;
  value: unknown = null;
  recommendedValues: unknown[] = [];
  readonly errorMessages: string[] = [];
  visible = true;

  constructor(name: string) {
    this.name = name;
  }

  addErrorMessage(message: string): void {
    this.errorMessages.push(message);
  }
}

/** The result of validating a whole config (Kafka's Config). */
export class Config {
  readonly configValues: readonly ConfigValue[];

  constructor(configValues: readonly ConfigValue[]) {
    this.configValues = configValues;
  }

  get errorCount(): number {
    return this.configValues.reduce((n, v) => n + v.errorMessages.length, 0);
  }
}

/**
 * A plugin's config definition (Kafka's ConfigDef): declares each key once; that drives
 * parsing, validation, REST validate/describe and the reference docs.
 */
export class ConfigDef {
  readonly #keys = new Map<string, ConfigKey>();
  readonly #groups: string[] = [];

  define(definition: ConfigKeyDefinition): this {
    if (this.#keys.has(definition.name)) throw new ConfigException(`Configuration ${definition.name} is defined twice.`);
    const defaultValue = Object.hasOwn(definition, 'defaultValue') && definition.defaultValue !== undefined
      ? parseConfigType(definition.name, definition.defaultValue, definition.type)
      : NO_DEFAULT_VALUE;
    if (defaultValue !== NO_DEFAULT_VALUE && definition.validator !== undefined) {
      try {
        definition.validator.ensureValid(definition.name, defaultValue);
      } catch (e) {
        throw new ConfigException(`Invalid default value for configuration ${definition.name}: ${(e as Error).message}`);
      }
    }
    if (definition.group !== undefined && !this.#groups.includes(definition.group)) this.#groups.push(definition.group);
    this.#keys.set(definition.name, Object.freeze({
      name: definition.name,
      type: definition.type,
      documentation: definition.documentation,
      importance: definition.importance,
      defaultValue,
      validator: definition.validator,
      recommender: definition.recommender,
      group: definition.group,
      orderInGroup: definition.orderInGroup ?? -1,
      width: definition.width ?? 'NONE',
      displayName: definition.displayName ?? definition.name,
      dependents: Object.freeze([...(definition.dependents ?? [])]),
      internalConfig: definition.internalConfig ?? false,
    }));
    return this;
  }

  /** Defined keys, in definition order. */
  configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.#keys;
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  /** Groups in the order they first appeared. */
  groups(): readonly string[] {
    return this.#groups;
  }

  /** Every key that has a default, with it. */
  defaultValues(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.#keys.values()) if (hasDefault(key)) out[key.name] = key.defaultValue;
    return out;
  }

  /**
   * Typed values for every defined key. Throws ConfigException naming the first key that is
   * missing (required, no default), unparsable or rejected by its validator. Undefined keys are
   * ignored (a connector config carries worker-level keys too).
   */
  parse(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.#keys.values()) out[key.name] = this.#parseValue(key, props);
    return out;
  }

  /** Validates every key and reports per-key results instead of throwing. */
  validate(props: Readonly<Record<string, unknown>>): ConfigValue[] {
    return [...this.validateAll(props).values()];
  }

  validateAll(props: Readonly<Record<string, unknown>>): Map<string, ConfigValue> {
    const results = new Map<string, ConfigValue>();
    for (const name of this.#keys.keys()) results.set(name, new ConfigValue(name));
    for (const missing of this.#undefinedDependents()) {
      const value = new ConfigValue(missing);
      value.addErrorMessage(`${missing} is referred in the dependents, but not defined.`);
      results.set(missing, value);
    }
    const parsed: Record<string, unknown> = {};
    for (const key of this.#keys.values()) {
      const result = results.get(key.name)!;
      try {
        parsed[key.name] = this.#parseValue(key, props);
        result.value = parsed[key.name];
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        result.addErrorMessage(e.message);
        result.value = props[key.name] ?? null;
      }
    }
    for (const key of this.#keys.values()) this.#recommend(key, parsed, results);
    return results;
  }

  /**
   * Adds every key of `child` under `prefix` (e.g. `transforms.mask.`), in `group`, ordered from
   * `startingOrder`: how a connector's config gains the keys of its transforms and predicates.
   */
  embed(prefix: string, group: string, startingOrder: number, child: ConfigDef): this {
    let order = startingOrder;
    for (const key of child.configKeys().values()) {
      this.define({
        name: prefix + key.name,
        type: key.type,
        documentation: key.documentation,
        importance: key.importance,
        ...(hasDefault(key) ? { defaultValue: key.defaultValue } : {}),
        validator: key.validator,
        recommender: key.recommender && unprefixedRecommender(prefix, key.recommender),
        group,
        orderInGroup: order++,
        width: key.width,
        displayName: key.displayName,
        dependents: key.dependents.map((d) => prefix + d),
        internalConfig: key.internalConfig,
      });
    }
    return this;
  }

  /** The string form of a typed value of `name` (for REST bodies and docs); passwords → [hidden]. */
  convertToString(name: string, value: unknown): string | null {
    const key = this.#keys.get(name);
    if (key === undefined) throw new ConfigException(`Unknown configuration '${name}'`);
    return convertConfigToString(value, key.type);
  }

  #parseValue(key: ConfigKey, props: Readonly<Record<string, unknown>>): unknown {
    let value: unknown;
    if (Object.hasOwn(props, key.name) && props[key.name] !== undefined) {
      value = parseConfigType(key.name, props[key.name], key.type);
    } else if (!hasDefault(key)) {
      throw new ConfigException(`Missing required configuration "${key.name}" which has no default value.`);
    } else {
      value = key.defaultValue;
    }
    key.validator?.ensureValid(key.name, value);
    return value;
  }

  #recommend(key: ConfigKey, parsed: Record<string, unknown>, results: Map<string, ConfigValue>): void {
    if (key.recommender === undefined) return;
    const result = results.get(key.name)!;
    try {
      result.recommendedValues = key.recommender.validValues(key.name, parsed);
      result.visible = key.recommender.visible(key.name, parsed);
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      result.addErrorMessage(e.message);
    }
  }

  #undefinedDependents(): string[] {
    const missing = new Set<string>();
    for (const key of this.#keys.values()) {
      for (const d of key.dependents) if (!this.#keys.has(d)) missing.add(d);
    }
    return [...missing];
  }
}

/** The recommender of a key embedded under `prefix`: `inner` sees the key's own name and the unprefixed values of its siblings. */
export function unprefixedRecommender(prefix: string, inner: Recommender): Recommender {
  const unprefixed = (parsed: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parsed)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    return out;
  };
  return {
    validValues: (name, parsed) => inner.validValues(name.slice(prefix.length), unprefixed(parsed)),
    visible: (name, parsed) => inner.visible(name.slice(prefix.length), unprefixed(parsed)),
  };
}
