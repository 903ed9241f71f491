import { ConfigException } from './config-exception.ts';
import { Password } from './password.ts';

/** Kafka's ConfigDef.Type. LONG values are JS numbers (durations, sizes: far below 2^53). */
export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';

const INT_LIMITS: Partial<Record<ConfigType, readonly [number, number, string]>> = {
  SHORT: [-32768, 32767, '16-bit integer'],
  INT: [-2147483648, 2147483647, '32-bit integer'],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, '64-bit integer'],
};

const COMMA_WITH_WHITESPACE = /\s*,\s*/;
const INTEGER_TEXT = /^[+-]?\d+$/;

/** Parses a raw config value (usually a string from REST or a properties file) into its type. */
export function parseConfigType(name: string, value: unknown, type: ConfigType): unknown {
  if (value === null || value === undefined) return null;
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  switch (type) {
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (trimmed !== undefined && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
      throw new ConfigException(name, value, 'Expected value to be either true or false');
    case 'STRING':
      if (trimmed !== undefined) return trimmed;
      throw new ConfigException(name, value, `Expected value to be a string, but it was a ${typeName(value)}`);
    case 'PASSWORD':
      if (value instanceof Password) return value;
      if (trimmed !== undefined) return new Password(trimmed);
      throw new ConfigException(name, value, 'Expected value to be a string, but it was a ' + typeName(value));
    case 'SHORT':
    case 'INT':
    case 'LONG': {
      const [min, max, label] = INT_LIMITS[type]!;
      let n: number;
      if (typeof value === 'number' || typeof value === 'bigint') n = Number(value);
      else if (trimmed !== undefined) {
        if (!INTEGER_TEXT.test(trimmed)) throw new ConfigException(name, value, `Not a number of type ${type}`);
        n = Number(trimmed);
      } else throw new ConfigException(name, value, `Expected value to be a ${label}, but it was a ${typeName(value)}`);
      if (!Number.isInteger(n) || n < min || n > max) throw new ConfigException(name, value, `Not a number of type ${type}`);
      return n;
    }
    case 'DOUBLE':
      if (typeof value === 'number') return value;
      if (trimmed !== undefined && trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed);
      if (trimmed !== undefined) throw new ConfigException(name, value, `Not a number of type ${type}`);
      throw new ConfigException(name, value, `Expected value to be a double, but it was a ${typeName(value)}`);
    case 'LIST':
      if (Array.isArray(value)) return value.map((v) => String(v));
      if (trimmed !== undefined) return trimmed === '' ? [] : trimmed.split(COMMA_WITH_WHITESPACE);
      throw new ConfigException(name, value, 'Expected a comma separated list.');
    case 'CLASS':
      if (typeof value === 'function') return value;
      if (trimmed !== undefined) return trimmed;
      throw new ConfigException(name, value, 'Expected a Class instance or class name.');
  }
}

/** The string form of a typed value, as the REST API shows defaults (PASSWORD → [hidden]). */
export function convertConfigToString(value: unknown, type: ConfigType): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'LIST':
      return (value as unknown[]).join(',');
    case 'CLASS':
      return typeof value === 'function' ? value.name : String(value);
    case 'PASSWORD':
      return Password.HIDDEN;
    default:
      return String(value);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
