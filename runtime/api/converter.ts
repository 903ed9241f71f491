import type { ConfigDef } from '../config/config-def.ts';
import type { Schema } from '../data/schema.ts';
import type { SchemaAndValue } from '../data/schema-and-value.ts';

/**
 * A Kafka record header in its wire form (key, raw bytes). Converters see these, not Connect
 * headers, and may add to them (e.g. a schema id).
 */
export interface KafkaHeader {
  key: string;
  value: Buffer | null;
}

/**
 * Turns Connect data into record key/value bytes and back. Configured once for keys or values.
 * null bytes are a tombstone: fromConnectData(…, null) returns null and toConnectData(…, null)
 * returns SchemaAndValue.NULL.
 */
export interface Converter {
  configure(configs: Record<string, unknown>, isKey: boolean): void;
  fromConnectData(topic: string, headers: KafkaHeader[] | null, schema: Schema | null, value: unknown): Buffer | null;
  toConnectData(topic: string, headers: KafkaHeader[] | null, bytes: Buffer | null): SchemaAndValue;
  config(): ConfigDef;
  close(): void;
}

/** Turns one Connect header value into header bytes and back. */
export interface HeaderConverter {
  configure(configs: Record<string, unknown>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue;
  config(): ConfigDef;
  close(): void;
}
