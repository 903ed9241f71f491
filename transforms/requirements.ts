// Kafka's transforms/util/Requirements: the type checks every SMT starts with, with Kafka's
// messages (users search for them). They name the value's class, never the value itself.
import { DataException, isPlainObject, SinkRecord, Struct, type ConnectRecord, type Schema } from './runtime-bridge.ts';

/** A schemaless map value: Connect's JS model accepts both Map and plain objects. */
export type SchemalessMap = Map<unknown, unknown> | Record<string, unknown>;

export function className(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Map) return 'Map';
  if (Array.isArray(value)) return 'Array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object';
  return typeof value;
}

export function isSchemalessMap(value: unknown): value is SchemalessMap {
  if (value instanceof Map) return true;
  return value !== null && typeof value === 'object' && isPlainObject(value);
}

export function requireMap(value: unknown, purpose: string): SchemalessMap {
  if (!isSchemalessMap(value)) {
    throw new DataException(`Only Map objects supported in absence of schema for [${purpose}], found: ${className(value)}`);
  }
  return value;
}

export function requireMapOrNull(value: unknown, purpose: string): SchemalessMap | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${className(value)}`);
  }
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataException(`Schema required for [${purpose}]`);
  return schema;
}

export function requireSinkRecord(record: ConnectRecord, purpose: string): SinkRecord {
  if (!(record instanceof SinkRecord)) {
    throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${className(record)}`);
  }
  return record;
}
