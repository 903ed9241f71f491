import { Decimal } from '../../data/decimal.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../data/logical-time.ts';
import { SchemaBuilder } from '../../data/schema-builder.ts';
import {
  BOOLEAN_SCHEMA, FLOAT32_SCHEMA, FLOAT64_SCHEMA, INT16_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, INT8_SCHEMA, STRING_SCHEMA,
  type Schema,
} from '../../data/schema.ts';
import { SchemaAndValue } from '../../data/schema-and-value.ts';

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INT_SCHEMAS: ReadonlyArray<readonly [bigint, Schema]> = [
  [127n, INT8_SCHEMA], [32767n, INT16_SCHEMA], [2147483647n, INT32_SCHEMA], [9223372036854775807n, INT64_SCHEMA],
];

/**
 * Kafka's Values.parseString for the common cases SimpleHeaderConverter meets: booleans, the
 * smallest integer type that holds the number, FLOAT32 (or FLOAT64 when a float overflows)
 * for fractions, ISO dates/times/timestamps, and arrays/maps whose elements share one type
 * (`[1,2,3]`, `{"a":1}`). Anything else is a STRING of the original text.
 */
export function parseString(text: string): SchemaAndValue {
  if (text === '') return new SchemaAndValue(STRING_SCHEMA, '');
  const parsed = parseToken(text.trim());
  return parsed ?? new SchemaAndValue(STRING_SCHEMA, text);
}

function parseToken(token: string): SchemaAndValue | null {
  if (token === 'null') return SchemaAndValue.NULL;
  if (token === 'true' || token === 'false') return new SchemaAndValue(BOOLEAN_SCHEMA, token === 'true');
  const unescaped = token.replaceAll('\\:', ':');
  if (TIMESTAMP.test(unescaped)) return temporal(LogicalTimestamp.SCHEMA, unescaped);
  if (TIME.test(unescaped)) return temporal(LogicalTime.SCHEMA, `1970-01-01T${unescaped}`);
  if (DATE.test(unescaped)) return temporal(LogicalDate.SCHEMA, `${unescaped}T00:00:00.000Z`);
  if (INTEGER.test(token)) {
    const n = BigInt(token);
    for (const [max, schema] of INT_SCHEMAS) {
      if (n <= max && n >= -max - 1n) return new SchemaAndValue(schema, schema === INT64_SCHEMA ? n : Number(n));
    }
    return new SchemaAndValue(Decimal.schema(0), new Decimal(n, 0));
  }
  if (NUMBER.test(token)) {
    const d = Number(token);
    const f = Math.fround(d);
    if (Number.isFinite(f)) return new SchemaAndValue(FLOAT32_SCHEMA, f);
    if (Number.isFinite(d)) return new SchemaAndValue(FLOAT64_SCHEMA, d);
    const decimal = Decimal.parse(token);
    return new SchemaAndValue(Decimal.schema(decimal.scale), decimal);
  }
  if (token.startsWith('[') && token.endsWith(']')) return parseArray(token.slice(1, -1));
  if (token.startsWith('{') && token.endsWith('}')) return parseMap(token.slice(1, -1));
  return null;
}

function temporal(schema: Schema, iso: string): SchemaAndValue | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : new SchemaAndValue(schema, date);
}

function parseEmbedded(token: string): SchemaAndValue | null {
  const t = token.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    const content = t.slice(1, -1).replace(/\\(.)/g, '$1');
    return parseTemporalOnly(content) ?? new SchemaAndValue(STRING_SCHEMA, content);
  }
  return parseToken(t);
}

function parseTemporalOnly(content: string): SchemaAndValue | null {
  if (TIMESTAMP.test(content)) return temporal(LogicalTimestamp.SCHEMA, content);
  if (TIME.test(content)) return temporal(LogicalTime.SCHEMA, `1970-01-01T${content}`);
  if (DATE.test(content)) return temporal(LogicalDate.SCHEMA, `${content}T00:00:00.000Z`);
  return null;
}

function parseArray(body: string): SchemaAndValue | null {
  const parts = body.trim() === '' ? [] : splitTopLevel(body, ',');
  if (parts === null) return null;
  const elements = parts.map(parseEmbedded);
  if (elements.some((e) => e === null)) return null;
  const schema = commonSchema(elements as SchemaAndValue[]);
  if (schema === null) return null;
  return new SchemaAndValue(SchemaBuilder.array(schema).build(), align(elements as SchemaAndValue[], schema));
}

function parseMap(body: string): SchemaAndValue | null {
  const entries = body.trim() === '' ? [] : splitTopLevel(body, ',');
  if (entries === null) return null;
  const keys: SchemaAndValue[] = [];
  const values: SchemaAndValue[] = [];
  for (const entry of entries) {
    const kv = splitTopLevel(entry, ':');
    if (kv === null || kv.length !== 2) return null;
    const k = parseEmbedded(kv[0]);
    const v = parseEmbedded(kv[1]);
    if (k === null || v === null || k.value === null) return null;
    keys.push(k);
    values.push(v);
  }
  const keySchema = commonSchema(keys);
  const valueSchema = commonSchema(values);
  if (keySchema === null || valueSchema === null) return null;
  const alignedKeys = align(keys, keySchema);
  const alignedValues = align(values, valueSchema);
  return new SchemaAndValue(SchemaBuilder.map(keySchema, valueSchema).build(), new Map(alignedKeys.map((k, i) => [k, alignedValues[i]])));
}

/** The one schema all elements fit: equal schemas, or integers widened to the widest integer type. */
function commonSchema(items: SchemaAndValue[]): Schema | null {
  const schemas = items.map((i) => i.schema).filter((s): s is Schema => s !== null);
  if (schemas.length === 0) return STRING_SCHEMA;
  const ints = INT_SCHEMAS.map(([, s]) => s);
  if (schemas.every((s) => ints.includes(s))) return ints[Math.max(...schemas.map((s) => ints.indexOf(s)))];
  return schemas.every((s) => s.equals(schemas[0])) ? schemas[0] : null;
}

function align(items: SchemaAndValue[], schema: Schema): unknown[] {
  return items.map((i) => (i.value !== null && schema === INT64_SCHEMA && typeof i.value === 'number' ? BigInt(i.value) : i.value));
}

/** Splits on `sep` outside quotes and brackets; null when quotes or brackets do not balance. */
function splitTopLevel(text: string, sep: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (c === '"') inQuote = !inQuote;
    else if (inQuote) continue;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
      if (sep === ':') break;
    }
    if (depth < 0) return null;
  }
  if (inQuote || depth !== 0) return null;
  parts.push(text.slice(start));
  return parts;
}
