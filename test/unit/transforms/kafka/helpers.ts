// Shared builders for the Kafka SMT tests.
import { SinkRecord, SourceRecord, type ConnectRecord, type Schema } from '../../../../runtime/data/index.ts';
import type { Transformation } from '../../../../runtime/api/transformation.ts';

export function configure<T extends { configure(c: Record<string, unknown>): void }>(t: T, config: Record<string, unknown>): T {
  t.configure(config);
  return t;
}

export function valueRecord(valueSchema: Schema | null, value: unknown, extra: Partial<{ topic: string; timestamp: number | null; key: unknown; keySchema: Schema | null }> = {}): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: extra.topic ?? 'test', kafkaPartition: 0, valueSchema, value, key: extra.key ?? null, keySchema: extra.keySchema ?? null, timestamp: extra.timestamp ?? null });
}

export function keyRecord(keySchema: Schema | null, key: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'test', kafkaPartition: 0, keySchema, key, value: null });
}

export function sinkRecord(valueSchema: Schema | null, value: unknown): SinkRecord {
  return new SinkRecord({ topic: 'test', kafkaPartition: 0, kafkaOffset: 42, valueSchema, value, timestamp: 1_483_425_001_864 });
}

export function applied<R extends ConnectRecord>(t: Pick<Transformation<any>, 'apply'>, record: R): R {
  const out = t.apply(record) as R | null;
  if (out === null) throw new Error('record was dropped');
  return out;
}
