// Internal topics hold JSON written by JsonConverter with schemas disabled, exactly as Kafka
// Connect writes them, so tools that read connect-offsets/-configs/-status keep working.
import { JsonConverter } from '../converters/index.ts';

const converter = new JsonConverter();
converter.configure({ 'schemas.enable': false }, false);

/** Schemaless Connect data (objects, arrays, strings, numbers, bigint) to JSON bytes. */
export function encodeInternal(value: unknown): Buffer {
  return converter.fromConnectData('', null, null, value)!;
}

/** JSON bytes to schemaless Connect data (integral numbers come back as bigint); null stays null. */
export function decodeInternal(bytes: Buffer | null): unknown {
  return bytes === null ? null : converter.toConnectData('', null, bytes).value;
}

/** A plain object from decoded data, or throw (keys and values of internal topics are objects). */
export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a JSON object`);
  return value instanceof Map ? Object.fromEntries(value) : value as Record<string, unknown>;
}
