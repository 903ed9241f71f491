// Declarative config keys for the built-in transforms and predicates. Each plugin declares its
// keys once; this list drives parsing and validation at configure time, the plugin's ConfigDef
// (see runtime-bridge.ts) and the generated reference docs.
import { ConfigDef, ConfigException } from './runtime-bridge.ts';

import type { ConfigType, Importance } from './runtime-bridge.ts';

export interface ConfigKeySpec {
  readonly name: string;
  readonly type: ConfigType;
  /** Absent: the key is required (Kafka's NO_DEFAULT_VALUE). `null` is a valid default. */
  readonly default?: unknown;
  readonly importance: Importance;
  readonly doc: string;
  /** Human-readable valid values, for the docs table ("one of move, copy"). */
  readonly validValues?: string;
  /** Throws ConfigException on an invalid parsed value. */
  readonly validate?: (value: any, name: string) => void;
}

export type ConfigValues = Readonly<Record<string, any>>;

/** Connector configs arrive as string maps over REST; tests pass typed values too. */
export type RawConfig = Readonly<Record<string, unknown>>;

const DEFS = new WeakMap<readonly ConfigKeySpec[], ConfigDef>();

/** The runtime ConfigDef for a plugin's key list (built once per list). */
export function configDefOf(specs: readonly ConfigKeySpec[]): ConfigDef {
  let def = DEFS.get(specs);
  if (def === undefined) {
    def = new ConfigDef();
    for (const spec of specs) {
      const validate = spec.validate;
      def.define({
        name: spec.name,
        type: spec.type,
        documentation: spec.doc,
        importance: spec.importance,
        ...('default' in spec ? { defaultValue: spec.default } : {}),
        ...(validate ? {
          validator: {
            ensureValid: (name: string, value: unknown) => { if (value !== null && value !== undefined) validate(value, name); },
            toString: () => spec.validValues ?? '',
          },
        } : {}),
      });
    }
    DEFS.set(specs, def);
  }
  return def;
}

/** Typed values for every key; ConfigException naming the key on a missing or invalid one. */
export function parseConfig(specs: readonly ConfigKeySpec[], props: RawConfig): ConfigValues {
  return Object.freeze(configDefOf(specs).parse(props));
}

// Validators with Kafka's messages.

export function nonEmptyList(value: readonly string[], name: string): void {
  if (value.length === 0) throw new ConfigException(name, '[]', 'Empty list');
}

export function nonEmptyString(value: string | null, name: string): void {
  if (value !== null && value.length === 0) throw new ConfigException(name, value, 'String must be non-empty');
}

export function oneOf(...allowed: string[]): (value: string, name: string) => void {
  return (value, name) => {
    if (!allowed.includes(value)) {
      throw new ConfigException(name, value, `String must be one of: ${allowed.join(', ')}`);
    }
  };
}

export function caseInsensitiveOneOf(...allowed: string[]): (value: string, name: string) => void {
  return (value, name) => {
    if (!allowed.some((a) => a.toLowerCase() === value.toLowerCase())) {
      throw new ConfigException(name, value, `String must be one of (case insensitive): ${allowed.join(', ')}`);
    }
  };
}

export function validRegex(value: string | null, name: string): void {
  if (value === null) return;
  try {
    new RegExp(value);
  } catch (error) {
    throw new ConfigException(name, value, `Invalid regex: ${(error as Error).message}`);
  }
}
