import { ConnectRecord, type ConnectRecordFields } from './connect-record.ts';
import type { Header, Headers } from './headers.ts';
import type { Schema } from './schema.ts';
import { valuesEqual } from './values-equal.ts';
import { formatValue } from './format-value.ts';

/** Where a record came from in the source system, e.g. `{ table: 'users' }`. */
export type SourcePartition = Record<string, unknown>;
/** How far the source has been read within a SourcePartition, e.g. `{ lsn: 1234 }`. */
export type SourceOffset = Record<string, unknown>;

export interface SourceRecordFields extends ConnectRecordFields {
  sourcePartition: SourcePartition | null;
  sourceOffset: SourceOffset | null;
}

/** A record produced by a SourceTask. Its offset becomes committable once Kafka has acknowledged it. */
export class SourceRecord extends ConnectRecord<SourceRecord> {
  readonly sourcePartition: SourcePartition | null;
  readonly sourceOffset: SourceOffset | null;

  constructor(fields: SourceRecordFields) {
    super(fields);
    this.sourcePartition = fields.sourcePartition;
    this.sourceOffset = fields.sourceOffset;
    Object.freeze(this);
  }

  override newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Headers | Iterable<Header>,
  ): SourceRecord {
    return new SourceRecord({
      sourcePartition: this.sourcePartition,
      sourceOffset: this.sourceOffset,
      topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp,
      headers: headers ?? this.headers.duplicate(),
    });
  }

  override equals(other: unknown): boolean {
    return super.equals(other) && other instanceof SourceRecord &&
      valuesEqual(this.sourcePartition, other.sourcePartition) && valuesEqual(this.sourceOffset, other.sourceOffset);
  }

  override toString(): string {
    return `SourceRecord{sourcePartition=${formatValue(this.sourcePartition)}, ` +
      `sourceOffset=${formatValue(this.sourceOffset)}} ConnectRecord{${this.describeFields()}}`;
  }
}
