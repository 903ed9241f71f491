// A transformed source record to the bytes the producer sends: header converter, then key and
// value converters (a converter may add Kafka headers, e.g. a schema id), each stage through the
// error handler. The value is returned synchronously when every stage succeeds the first time;
// only a failing stage (retries with backoff, reporters) makes it a Promise. This runs once per
// record on the source hot path: no promise, and no closure beyond the error handler's.
import type { KafkaHeader } from '../api/converter.ts';
import type { SourceRecord } from '../data/source-record.ts';
import type { ProducerRecord } from '../kafka/producer.ts';
import type { TaskConverters } from './converters-wiring.ts';
import { SKIPPED, type Outcome, type ProcessingContext, type RetryWithToleranceOperator } from './retry-with-tolerance.ts';

type Context = Pick<ProcessingContext, 'source'>;
type Converted = Outcome<ProducerRecord> | Promise<Outcome<ProducerRecord>>;

export function convertSourceRecord(record: SourceRecord, converters: TaskConverters, operator: RetryWithToleranceOperator, context: Context): Converted {
  const headers: KafkaHeader[] = [];
  // No Connect headers: the header converter has nothing to do (and cannot fail).
  if (record.headers.size === 0) return convertKey(record, headers, converters, operator, context);
  const done = operator.execute('HEADER_CONVERTER', converters.headerClass, () => {
    for (const h of record.headers) headers.push({ key: h.key, value: converters.header.fromConnectHeader(record.topic, h.key, h.schema, h.value) });
    return true;
  }, context);
  if (done instanceof Promise) return done.then((d) => (d === SKIPPED ? SKIPPED : convertKey(record, headers, converters, operator, context)));
  if (done === SKIPPED) return SKIPPED;
  return convertKey(record, headers, converters, operator, context);
}

function convertKey(record: SourceRecord, headers: KafkaHeader[], converters: TaskConverters, operator: RetryWithToleranceOperator, context: Context): Converted {
  const key = operator.execute('KEY_CONVERTER', converters.keyClass, () => converters.key.fromConnectData(record.topic, headers, record.keySchema, record.key), context);
  if (key instanceof Promise) return key.then((k) => (k === SKIPPED ? SKIPPED : convertValue(record, headers, k, converters, operator, context)));
  if (key === SKIPPED) return SKIPPED;
  return convertValue(record, headers, key, converters, operator, context);
}

function convertValue(record: SourceRecord, headers: KafkaHeader[], key: Buffer | null, converters: TaskConverters, operator: RetryWithToleranceOperator, context: Context): Converted {
  const value = operator.execute('VALUE_CONVERTER', converters.valueClass, () => converters.value.fromConnectData(record.topic, headers, record.valueSchema, record.value), context);
  if (value instanceof Promise) return value.then((v) => (v === SKIPPED ? SKIPPED : toProducerRecord(record, headers, key, v)));
  if (value === SKIPPED) return SKIPPED;
  return toProducerRecord(record, headers, key, value);
}

function toProducerRecord(record: SourceRecord, headers: KafkaHeader[], key: Buffer | null, value: Buffer | null): ProducerRecord {
  return {
    topic: record.topic, partition: record.kafkaPartition, key, value, timestamp: record.timestamp,
    headers: headers.length === 0 ? undefined : headers.map((h) => [h.key, h.value] as const),
  };
}
