// TimestampConverter's five representations, each translated to and from a raw instant (a Date):
// string (SimpleDateFormat, UTC), unix (INT64 bigint, configurable precision), and Connect's
// Date, Time and Timestamp logical types.
import { DataException, LogicalDate, LogicalTime, LogicalTimestamp, OPTIONAL_INT64_SCHEMA, INT64_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA, type Schema } from '../runtime-bridge.ts';
import { className } from '../requirements.ts';
import type { SimpleDateFormat } from '../time/simple-date-format.ts';

export type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
export type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

export interface TranslatorConfig {
  readonly format: SimpleDateFormat | null;
  readonly unixPrecision: UnixPrecision;
}

interface Translator {
  toRaw(config: TranslatorConfig, value: unknown): Date;
  typeSchema(optional: boolean): Schema;
  toType(config: TranslatorConfig, raw: Date): unknown;
}

const MS_PER_DAY = 86_400_000;
const OPTIONAL_DATE = LogicalDate.builder().optional().build();
const OPTIONAL_TIME = LogicalTime.builder().optional().build();
const OPTIONAL_TIMESTAMP = LogicalTimestamp.builder().optional().build();

function requireDate(value: unknown, label: string): Date {
  if (!(value instanceof Date)) throw new DataException(`Expected ${label} to be a Date, but found ${className(value)}`);
  return value;
}

// Java's TimeUnit conversions truncate toward zero; BigInt division does the same.
const PER_MS: Record<UnixPrecision, bigint> = { seconds: 1n, milliseconds: 1n, microseconds: 1_000n, nanoseconds: 1_000_000n };

export const TRANSLATORS: Readonly<Record<TimestampType, Translator>> = {
  string: {
    toRaw(config, value) {
      if (typeof value !== 'string') throw new DataException(`Expected string timestamp to be a String, but found ${className(value)}`);
      return config.format!.parse(value);
    },
    typeSchema: (optional) => optional ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA,
    toType: (config, raw) => config.format!.format(raw),
  },
  unix: {
    toRaw(config, value) {
      if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isInteger(value))) {
        throw new DataException(`Expected Unix timestamp to be a Long, but found ${className(value)}`);
      }
      const n = BigInt(value);
      const ms = config.unixPrecision === 'seconds' ? n * 1000n : n / PER_MS[config.unixPrecision];
      return new Date(Number(ms));
    },
    typeSchema: (optional) => optional ? OPTIONAL_INT64_SCHEMA : INT64_SCHEMA,
    toType(config, raw) {
      const ms = BigInt(raw.getTime());
      return config.unixPrecision === 'seconds' ? ms / 1000n : ms * PER_MS[config.unixPrecision];
    },
  },
  Date: {
    toRaw: (_config, value) => requireDate(value, 'Date'),
    typeSchema: (optional) => optional ? OPTIONAL_DATE : LogicalDate.SCHEMA,
    toType: (_config, raw) => new Date(Math.floor(raw.getTime() / MS_PER_DAY) * MS_PER_DAY),
  },
  Time: {
    toRaw: (_config, value) => requireDate(value, 'Time'),
    typeSchema: (optional) => optional ? OPTIONAL_TIME : LogicalTime.SCHEMA,
    toType: (_config, raw) => new Date(((raw.getTime() % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY),
  },
  Timestamp: {
    toRaw: (_config, value) => requireDate(value, 'Timestamp'),
    typeSchema: (optional) => optional ? OPTIONAL_TIMESTAMP : LogicalTimestamp.SCHEMA,
    toType: (_config, raw) => raw,
  },
};
