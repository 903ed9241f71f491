import { ConnectRecord, type ConnectRecordFields } from './connect-record.ts';
import type { Header, Headers } from './headers.ts';
import type { Schema } from './schema.ts';

/** Kafka's TimestampType names. */
export type TimestampType = 'NO_TIMESTAMP_TYPE' | 'CREATE_TIME' | 'LOG_APPEND_TIME';

export interface SinkRecordFields extends ConnectRecordFields {
  kafkaPartition: number;
  /**
   * A number, not a bigint: partition offsets stay below 2^53 in practice (centuries at a million
   * records a second), and sink code does arithmetic on them constantly.
   */
  kafkaOffset: number;
  timestampType?: TimestampType;
  /** Where the record was consumed from, before transforms changed topic/partition/offset. */
  originalTopic?: string;
  originalKafkaPartition?: number;
  originalKafkaOffset?: number;
}

/** A record consumed from Kafka and handed to a SinkTask. */
export class SinkRecord extends ConnectRecord<SinkRecord> {
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;

  constructor(fields: SinkRecordFields) {
    super(fields);
    this.kafkaOffset = fields.kafkaOffset;
    this.timestampType = fields.timestampType ?? 'NO_TIMESTAMP_TYPE';
    this.originalTopic = fields.originalTopic ?? fields.topic;
    this.originalKafkaPartition = fields.originalKafkaPartition ?? fields.kafkaPartition;
    this.originalKafkaOffset = fields.originalKafkaOffset ?? fields.kafkaOffset;
    Object.freeze(this);
  }

  /** Keeps kafkaOffset, timestampType and the original coordinates (the worker commits those). */
  override newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Headers | Iterable<Header>,
  ): SinkRecord {
    return new SinkRecord({
      topic,
      kafkaPartition: kafkaPartition ?? this.kafkaPartition!,
      keySchema, key, valueSchema, value, timestamp,
      headers: headers ?? this.headers.duplicate(),
      kafkaOffset: this.kafkaOffset,
      timestampType: this.timestampType,
      originalTopic: this.originalTopic,
      originalKafkaPartition: this.originalKafkaPartition,
      originalKafkaOffset: this.originalKafkaOffset,
    });
  }

  override equals(other: unknown): boolean {
    return super.equals(other) && other instanceof SinkRecord && this.kafkaOffset === other.kafkaOffset &&
      this.timestampType === other.timestampType && this.originalTopic === other.originalTopic &&
      this.originalKafkaPartition === other.originalKafkaPartition &&
      this.originalKafkaOffset === other.originalKafkaOffset;
  }

  override toString(): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, ` +
      `originalTopic=${this.originalTopic}, originalKafkaPartition=${this.originalKafkaPartition}, ` +
      `originalKafkaOffset=${this.originalKafkaOffset}} ConnectRecord{${this.describeFields()}}`;
  }
}
