// Kafka-style configuration values: every value is kept as the string the user wrote (that is
// what DescribeConfigs reports) and parsed to its type when read.
import { KafkaError } from '../kafka-error.ts';

export type ConfigType = 'boolean' | 'string' | 'int' | 'short' | 'long' | 'double' | 'list' | 'password' | 'class';

export type ConfigDefinition = {
  name: string;
  type: ConfigType;
  /** The default as Kafka writes it; null when there is none. */
  default: string | null;
  doc: string;
  validValues?: readonly string[];
  min?: number;
  max?: number;
  /** Broker settings that supply a topic config's default, strongest first, with a factor to ms. */
  synonyms?: readonly { name: string; scale?: number }[];
};

const LONG_MAX = '9223372036854775807';

/** Parses an integer setting; Long.MAX_VALUE (Kafka's "never") becomes Infinity. */
export function parseLong(value: string): number {
  if (value.trim() === LONG_MAX) return Infinity;
  const n = Number(value.trim());
  if (!Number.isInteger(n)) throw new Error(`'${value}' is not an integer`);
  return n;
}

export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Checks a value against its definition; throws KafkaError INVALID_CONFIG naming the config. */
export function validateConfigValue(def: ConfigDefinition, value: string | null): void {
  const fail = (why: string): never => {
    throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${def.name}: ${why}`);
  };
  if (value === null) {
    if (def.default === null && def.type !== 'password' && def.type !== 'string' && def.type !== 'list') fail('a value is required');
    return;
  }
  switch (def.type) {
    case 'boolean':
      if (!/^(true|false)$/i.test(value.trim())) fail('Expected value to be either true or false');
      break;
    case 'int': case 'short': case 'long': {
      let n: number;
      try { n = parseLong(value); } catch { return fail('Not a number of type ' + def.type.toUpperCase()); }
      if (def.type !== 'long' && !Number.isFinite(n)) fail('Not a number of type ' + def.type.toUpperCase());
      checkRange(def, n, fail);
      break;
    }
    case 'double': {
      const n = Number(value.trim());
      if (value.trim() === '' || Number.isNaN(n)) fail('Not a number of type DOUBLE');
      checkRange(def, n, fail);
      break;
    }
    case 'list':
      if (def.validValues) {
        for (const item of parseList(value)) {
          if (!def.validValues.includes(item)) fail(`String must be one of: ${def.validValues.join(', ')}`);
        }
      }
      break;
    default:
      if (def.validValues && !def.validValues.includes(value.trim())) fail(`String must be one of: ${def.validValues.join(', ')}`);
  }
}

function checkRange(def: ConfigDefinition, n: number, fail: (why: string) => never): void {
  if (def.min !== undefined && n < def.min) fail(`Value must be at least ${def.min}`);
  if (def.max !== undefined && n > def.max) fail(`Value must be no more than ${def.max}`);
}
