// Value conversions behind Cast, with Java's semantics where they differ from JavaScript's:
// integer narrowing wraps (Number.byteValue()), floats truncate toward zero, INT64 is a bigint,
// FLOAT32 rounds to single precision, strings parse strictly, booleans parse leniently.
import {
  DataException, Decimal, LogicalDate, LogicalTime, LogicalTimestamp, DATE_LOGICAL_NAME, TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME, type Schema, type SchemaType,
} from '../runtime-bridge.ts';
import { className } from '../requirements.ts';

export const CAST_INPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'];
export const CAST_OUTPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'];

/** The Connect type of a schemaless value (Kafka's ConnectSchema.schemaType), or null. */
export function inferSchemaType(value: unknown): SchemaType | null {
  switch (typeof value) {
    case 'number': return Number.isInteger(value) ? 'INT32' : 'FLOAT64';
    case 'bigint': return 'INT64';
    case 'boolean': return 'BOOLEAN';
    case 'string': return 'STRING';
    default: break;
  }
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map) return 'MAP';
  if (value !== null && typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype)) return 'MAP';
  if (value !== null && typeof value === 'object' && (value as { constructor?: { name?: string } }).constructor?.name === 'Struct') return 'STRUCT';
  return null;
}

const outOfRange = (value: unknown): DataException =>
  new DataException(`Value (${String(value)}) was out of range for requested data type`);

function parseJavaInteger(text: string, bits: number): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw outOfRange(text);
  const n = BigInt(text);
  const limit = 1n << BigInt(bits - 1);
  if (n < -limit || n >= limit) throw outOfRange(text);
  return n;
}

function toNumberish(value: unknown): number | bigint | null {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (value instanceof Decimal) return value.toNumber();
  return null;
}

function wrapInt(value: number | bigint, bits: number): number {
  const big = typeof value === 'bigint' ? value : BigInt(Math.trunc(Number.isFinite(value) ? value : 0));
  return Number(BigInt.asIntN(bits, big));
}

function castToInt(value: unknown, bits: 8 | 16 | 32): number {
  const n = toNumberish(value);
  if (n !== null) return wrapInt(n, bits);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return Number(parseJavaInteger(value, bits));
  throw new DataException(`Unexpected type in Cast transformation: ${className(value)}`);
}

function castToInt64(value: unknown): bigint {
  const n = toNumberish(value);
  if (typeof n === 'bigint') return BigInt.asIntN(64, n);
  if (typeof n === 'number') return BigInt(Math.trunc(Number.isFinite(n) ? n : 0));
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string') return parseJavaInteger(value, 64);
  throw new DataException(`Unexpected type in Cast transformation: ${className(value)}`);
}

function castToFloat(value: unknown, single: boolean): number {
  const n = toNumberish(value);
  let out: number;
  if (n !== null) out = Number(n);
  else if (typeof value === 'boolean') out = value ? 1 : 0;
  else if (typeof value === 'string') {
    const trimmed = value.trim();
    out = trimmed === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$|^[+-]?(Infinity|NaN)$/.test(trimmed) ? NaN : parseFloat(trimmed);
    if (Number.isNaN(out) && !/NaN/.test(trimmed)) throw outOfRange(value);
  } else throw new DataException(`Unexpected type in Cast transformation: ${className(value)}`);
  return single ? Math.fround(out) : out;
}

function castToBoolean(value: unknown): boolean {
  const n = toNumberish(value);
  if (n !== null) return typeof n === 'bigint' ? n !== 0n : Math.trunc(n) !== 0;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new DataException(`Unexpected type in Cast transformation: ${className(value)}`);
}

/** Java's Double.toString for the common cases: whole numbers keep a ".0". */
export function javaFloatString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return `${n}.0`;
  return String(n);
}

function isoDateString(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getTime();
  if (ms % 86_400_000 === 0) return iso.slice(0, 10);
  if (ms >= 0 && ms < 86_400_000) return iso.slice(11);
  return iso;
}

function castToString(value: unknown, schema: Schema | null): string {
  if (value instanceof Date) return isoDateString(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'number' && (schema?.type === 'FLOAT32' || schema?.type === 'FLOAT64' || !Number.isInteger(value))) {
    return javaFloatString(value);
  }
  return String(value);
}

function encodeLogical(schema: Schema, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  switch (schema.name) {
    case DATE_LOGICAL_NAME: return LogicalDate.fromLogical(schema, value);
    case TIME_LOGICAL_NAME: return LogicalTime.fromLogical(schema, value);
    case TIMESTAMP_LOGICAL_NAME: return LogicalTimestamp.fromLogical(schema, value);
    default: return value;
  }
}

export function castValueToType(schema: Schema | null, value: unknown, target: SchemaType): unknown {
  if (value === null || value === undefined) return null;
  const inferred = schema === null ? inferSchemaType(value) : schema.type;
  if (inferred === null) {
    throw new DataException(`Cast transformation was passed a value of type ${className(value)} which is not supported by Connect's data API`);
  }
  if (!CAST_INPUT_TYPES.includes(inferred)) {
    throw new DataException(`Cast transformation does not support casting from ${inferred}; supported types are [${CAST_INPUT_TYPES.join(', ')}]`);
  }
  let input: unknown = value;
  if (schema !== null && schema.name !== undefined && target !== 'STRING') input = encodeLogical(schema, value);
  switch (target) {
    case 'INT8': return castToInt(input, 8);
    case 'INT16': return castToInt(input, 16);
    case 'INT32': return castToInt(input, 32);
    case 'INT64': return castToInt64(input);
    case 'FLOAT32': return castToFloat(input, true);
    case 'FLOAT64': return castToFloat(input, false);
    case 'BOOLEAN': return castToBoolean(input);
    case 'STRING': return castToString(input, schema);
    default: throw new DataException(`${target} is not supported in the Cast transformation.`);
  }
}
