// Records in transform-test files: {"topic","partition","offset","timestamp","keySchema","key",
// "valueSchema","value","headers":[{"key","schema","value"}]}. Decoding builds runtime records;
// encoding turns an actual record back into the same notation, so comparison and diffs happen
// on one canonical form.
import { Headers, SinkRecord, SourceRecord, type ConnectRecord, type Schema } from '../runtime-bridge.ts';
import { schemaFromJson, schemaToJson, type SchemaJson } from './schema-json.ts';
import { decodeValue, encodeValue } from './value-json.ts';

export interface HeaderJson {
  key: string;
  schema?: SchemaJson | null;
  value: unknown;
}

export interface RecordJson {
  topic: string;
  partition?: number | null;
  offset?: number;
  timestamp?: number | null;
  keySchema?: SchemaJson | null;
  key?: unknown;
  valueSchema?: SchemaJson | null;
  value?: unknown;
  headers?: HeaderJson[];
}

const toSchema = (json: SchemaJson | null | undefined): Schema | null =>
  json === null || json === undefined ? null : schemaFromJson(json, decodeValue);

export function decodeRecord(json: RecordJson, kind: 'source' | 'sink'): ConnectRecord {
  const keySchema = toSchema(json.keySchema);
  const valueSchema = toSchema(json.valueSchema);
  const headers = new Headers();
  for (const h of json.headers ?? []) {
    const schema = toSchema(h.schema);
    headers.add(h.key, decodeValue(schema, h.value), schema);
  }
  const fields = {
    topic: json.topic,
    kafkaPartition: json.partition ?? null,
    keySchema, key: decodeValue(keySchema, json.key ?? null),
    valueSchema, value: decodeValue(valueSchema, json.value ?? null),
    timestamp: json.timestamp ?? null,
    headers,
  };
  return kind === 'sink'
    ? new SinkRecord({ ...fields, kafkaPartition: fields.kafkaPartition ?? 0, kafkaOffset: json.offset ?? 0 })
    : new SourceRecord({ ...fields, sourcePartition: null, sourceOffset: null });
}

/** Canonical notation of a record; fields at their defaults are left out, as a test file would. */
export function encodeRecord(record: ConnectRecord): RecordJson {
  const out: RecordJson = { topic: record.topic };
  if (record.kafkaPartition !== null) out.partition = record.kafkaPartition;
  if (record instanceof SinkRecord) out.offset = record.kafkaOffset;
  if (record.timestamp !== null) out.timestamp = record.timestamp;
  if (record.keySchema !== null) out.keySchema = schemaToJson(record.keySchema, encodeValue);
  if (record.key !== null) out.key = encodeValue(record.keySchema, record.key);
  if (record.valueSchema !== null) out.valueSchema = schemaToJson(record.valueSchema, encodeValue);
  out.value = encodeValue(record.valueSchema, record.value);
  const headers = [...record.headers];
  if (headers.length > 0) {
    out.headers = headers.map((h) => ({
      key: h.key,
      ...(h.schema !== null ? { schema: schemaToJson(h.schema, encodeValue) } : {}),
      value: encodeValue(h.schema, h.value),
    }));
  }
  return out;
}
