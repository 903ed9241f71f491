// Values in transform-test files. With a schema, plain JSON is read by the schema (int64 as a
// number or string → bigint, Timestamp/Date/Time as ISO strings or numbers → Date, Decimal as a
// string, bytes as base64, struct → Struct, map → Map). Without one, plain JSON is the value and
// tagged objects give the types JSON lacks: {"$int64":"1"}, {"$bytes":"AQI="}, {"$date":"…"},
// {"$map":[[k,v]…]} (a JS Map rather than a plain object).
import {
  DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, Decimal, Struct, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, type Schema,
} from '../runtime-bridge.ts';

export function decodeValue(schema: Schema | null, json: unknown): unknown {
  if (json === null || json === undefined) return null;
  if (schema === null) return decodeSchemaless(json);
  switch (schema.name) {
    case TIMESTAMP_LOGICAL_NAME:
    case TIME_LOGICAL_NAME:
      return typeof json === 'number' ? new Date(json) : new Date(String(json));
    case DATE_LOGICAL_NAME:
      return typeof json === 'number' ? new Date(json * 86_400_000) : new Date(String(json));
    case DECIMAL_LOGICAL_NAME:
      return Decimal.parse(String(json)).withScale(Decimal.schemaScale(schema));
    default: break;
  }
  switch (schema.type) {
    case 'INT64': return BigInt(json as string | number);
    case 'BYTES': return new Uint8Array(Buffer.from(String(json), 'base64'));
    case 'ARRAY': return (json as unknown[]).map((item) => decodeValue(schema.valueSchema!, item));
    case 'MAP': {
      const entries = Array.isArray(json) ? json as [unknown, unknown][] : Object.entries(json as object);
      return new Map(entries.map(([k, v]) => [decodeValue(schema.keySchema!, k), decodeValue(schema.valueSchema!, v)]));
    }
    case 'STRUCT': {
      const struct = new Struct(schema);
      for (const field of schema.fields()) {
        const raw = (json as Record<string, unknown>)[field.name];
        if (raw !== undefined) struct.put(field, decodeValue(field.schema, raw));
      }
      return struct;
    }
    default: return json;
  }
}

function decodeSchemaless(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(decodeSchemaless);
  if (json === null || typeof json !== 'object') return json;
  const obj = json as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    if (keys[0] === '$int64') return BigInt(obj.$int64 as string);
    if (keys[0] === '$bytes') return new Uint8Array(Buffer.from(String(obj.$bytes), 'base64'));
    if (keys[0] === '$date') return new Date(String(obj.$date));
    if (keys[0] === '$decimal') return Decimal.parse(String(obj.$decimal));
    if (keys[0] === '$map') return new Map((obj.$map as [unknown, unknown][]).map(([k, v]) => [decodeSchemaless(k), decodeSchemaless(v)]));
  }
  return Object.fromEntries(keys.map((k) => [k, decodeSchemaless(obj[k])]));
}

/** The inverse of decodeValue: what a test file would have to say to expect this value. */
export function encodeValue(schema: Schema | null, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (schema === null) return encodeSchemaless(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Decimal) return value.toPlainString();
  switch (schema.type) {
    case 'INT64': return typeof value === 'bigint' && Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
    case 'BYTES': return Buffer.from(value as Uint8Array).toString('base64');
    case 'ARRAY': return (value as unknown[]).map((item) => encodeValue(schema.valueSchema!, item));
    case 'MAP': return [...(value as Map<unknown, unknown>)].map(([k, v]) => [encodeValue(schema.keySchema!, k), encodeValue(schema.valueSchema!, v)]);
    case 'STRUCT': {
      const struct = value as Struct;
      const out: Record<string, unknown> = {};
      for (const field of struct.schema.fields()) {
        const v = struct.getWithoutDefault(field);
        if (v !== null) out[field.name] = encodeValue(field.schema, v);
      }
      return out;
    }
    default: return value;
  }
}

function encodeSchemaless(value: unknown): unknown {
  if (typeof value === 'bigint') return { $int64: String(value) };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Decimal) return { $decimal: value.toPlainString() };
  if (value instanceof Struct) return { $struct: encodeValue(value.schema, value) };
  if (Array.isArray(value)) return value.map(encodeSchemaless);
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encodeSchemaless(k), encodeSchemaless(v)]) };
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeSchemaless(v)]));
  }
  return value;
}
