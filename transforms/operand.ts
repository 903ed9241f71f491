// Which part of a record a `$Key` / `$Value` transform works on. Kafka expresses this with two
// nested subclasses per SMT; here one class takes the operand, so the logic exists once.
import type { ConnectRecord, Headers, Schema } from './runtime-bridge.ts';

export interface Operand {
  readonly side: 'key' | 'value';
  schema(record: ConnectRecord): Schema | null;
  value(record: ConnectRecord): unknown;
  /** A copy of `record` with this side replaced (and, optionally, new headers). */
  update<R extends ConnectRecord<R>>(record: R, schema: Schema | null, value: unknown, headers?: Headers): R;
}

export const KEY: Operand = {
  side: 'key',
  schema: (record) => record.keySchema,
  value: (record) => record.key,
  update: (record, schema, value, headers) => record.newRecord(
    record.topic, record.kafkaPartition, schema, value, record.valueSchema, record.value, record.timestamp, headers,
  ),
};

export const VALUE: Operand = {
  side: 'value',
  schema: (record) => record.valueSchema,
  value: (record) => record.value,
  update: (record, schema, value, headers) => record.newRecord(
    record.topic, record.kafkaPartition, record.keySchema, record.key, schema, value, record.timestamp, headers,
  ),
};
