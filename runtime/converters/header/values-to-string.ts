import { DataException } from '../../api/errors.ts';
import { Decimal } from '../../data/decimal.ts';
import { DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../data/logical-names.ts';
import type { Schema } from '../../data/schema.ts';
import { Struct } from '../../data/struct.ts';
import { describe } from '../../data/validate-value.ts';
import { formatJavaDouble, formatJavaFloat } from '../json/java-number-format.ts';

/**
 * Kafka's Values.convertToString: the text SimpleHeaderConverter writes. Top-level strings are
 * raw; strings inside arrays/maps/structs are quoted with `\` and `"` escaped; bytes are base64;
 * dates use ISO-8601 (`yyyy-MM-dd`, `HH:mm:ss.SSSZ`, `yyyy-MM-ddTHH:mm:ss.SSSZ`, UTC).
 */
export function convertToString(schema: Schema | null, value: unknown): string {
  return append(schema, value, false);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number') {
    if (schema?.type === 'FLOAT32') return formatJavaFloat(value);
    if (schema?.type === 'FLOAT64' || !Number.isInteger(value)) return formatJavaDouble(value);
    return String(value);
  }
  if (typeof value === 'string') return embedded ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : value;
  if (value instanceof Decimal) return value.toString();
  if (value instanceof Uint8Array) {
    const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return embedded ? `"${text}"` : text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => append(schema?.valueSchema ?? null, v, true)).join(',')}]`;
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${append(schema?.keySchema ?? null, k, true)}:${append(schema?.valueSchema ?? null, v, true)}`).join(',')}}`;
  }
  if (value instanceof Struct) {
    return `{${value.schema.fields().map((f) => `${append(null, f.name, true)}:${append(f.schema, value.get(f), true)}`).join(',')}}`;
  }
  if (value instanceof Date) return formatDate(schema, value);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value).map(([k, v]) => `${append(null, k, true)}:${append(null, v, true)}`).join(',')}}`;
  }
  throw new DataException(`Failed to serialize unexpected value type ${describe(value)}`);
}

const MS_PER_DAY = 86_400_000;

/** By the logical type when known, else as Kafka guesses from the value (midnight → date, day 0 → time). */
function formatDate(schema: Schema | null, date: Date): string {
  const iso = date.toISOString();
  const ms = date.getTime();
  const kind = schema?.name === DATE_LOGICAL_NAME ? 'date' : schema?.name === TIME_LOGICAL_NAME ? 'time'
    : schema?.name === TIMESTAMP_LOGICAL_NAME ? 'timestamp'
      : ms % MS_PER_DAY === 0 ? 'date' : ms >= 0 && ms < MS_PER_DAY ? 'time' : 'timestamp';
  if (kind === 'date') return iso.slice(0, 10);
  if (kind === 'time') return iso.slice(11);
  return iso;
}
