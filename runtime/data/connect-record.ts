import type { Schema } from './schema.ts';
import { type Header, Headers } from './headers.ts';
import { valuesEqual } from './values-equal.ts';
import { formatValue } from './format-value.ts';

/** The fields every Connect record carries. `key`/`value` are null when absent (a tombstone has value null). */
export interface ConnectRecordFields {
  topic: string;
  kafkaPartition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value: unknown;
  /** Milliseconds since the epoch, or null. */
  timestamp?: number | null;
  headers?: Headers | Iterable<Header>;
}

/**
 * Base of SourceRecord and SinkRecord (Kafka's ConnectRecord). Records are immutable; transforms
 * build a changed copy with `newRecord`, which keeps the subclass and its extra fields.
 */
export abstract class ConnectRecord<R extends ConnectRecord<R> = ConnectRecord<any>> {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  /** Mutable, as in Kafka: the worker and transforms may add headers in place. */
  readonly headers: Headers;

  constructor(fields: ConnectRecordFields) {
    if (fields.kafkaPartition != null && (!Number.isInteger(fields.kafkaPartition) || fields.kafkaPartition < 0)) {
      throw new RangeError(`kafkaPartition must be a non-negative integer: ${fields.kafkaPartition}`);
    }
    this.topic = fields.topic;
    this.kafkaPartition = fields.kafkaPartition ?? null;
    this.keySchema = fields.keySchema ?? null;
    this.key = fields.key ?? null;
    this.valueSchema = fields.valueSchema ?? null;
    this.value = fields.value ?? null;
    this.timestamp = fields.timestamp ?? null;
    this.headers = fields.headers instanceof Headers ? fields.headers : new Headers(fields.headers);
  }

  /**
   * A record of the same class with these fields and this one's class-specific fields. Without
   * `headers`, the copy gets a duplicate of this record's headers (changing one does not change
   * the other).
   */
  abstract newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Headers | Iterable<Header>,
  ): R;

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ConnectRecord) || other.constructor !== this.constructor) return false;
    return this.topic === other.topic && this.kafkaPartition === other.kafkaPartition &&
      schemaEq(this.keySchema, other.keySchema) && valuesEqual(this.key, other.key) &&
      schemaEq(this.valueSchema, other.valueSchema) && valuesEqual(this.value, other.value) &&
      this.timestamp === other.timestamp && this.headers.equals(other.headers);
  }

  protected describeFields(): string {
    return `topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, key=${formatValue(this.key)}, ` +
      `keySchema=${String(this.keySchema)}, value=${formatValue(this.value)}, ` +
      `valueSchema=${String(this.valueSchema)}, timestamp=${this.timestamp}, headers=${this.headers.toString()}`;
  }
}

function schemaEq(a: Schema | null, b: Schema | null): boolean {
  return a === null ? b === null : a.equals(b);
}
