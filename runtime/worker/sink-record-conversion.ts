// A consumed record to the SinkRecord put() receives: key, value and header converters, then the
// transform chain, each stage through the error handler. Synchronous when every stage succeeds
// the first time; only a failing stage (retries with backoff, reporters) makes it a Promise. This
// runs once per record on the sink hot path: no promise, and no closure beyond the error handler's.
import type { KafkaHeader } from '../api/converter.ts';
import { Headers } from '../data/headers.ts';
import type { SchemaAndValue } from '../data/schema-and-value.ts';
import { SinkRecord } from '../data/sink-record.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import type { TaskConverters } from './converters-wiring.ts';
import { SKIPPED, type Outcome, type ProcessingContext, type RetryWithToleranceOperator } from './retry-with-tolerance.ts';
import type { TransformChain } from './transform-chain.ts';

type Context = Pick<ProcessingContext, 'consumed'>;
type Converted = Outcome<SinkRecord | null> | Promise<Outcome<SinkRecord | null>>;

export interface SinkConversion {
  readonly converters: TaskConverters;
  readonly operator: RetryWithToleranceOperator;
  readonly chain: TransformChain;
}

/** The record for put(); null when a transform dropped it, SKIPPED when a failure was tolerated. */
export function convertConsumedRecord(c: ConsumedRecord, s: SinkConversion): Converted {
  const context: Context = { consumed: c };
  const kafkaHeaders: KafkaHeader[] = c.headers.length === 0 ? [] : c.headers.map(([key, value]) => ({ key, value }));
  const key = s.operator.execute('KEY_CONVERTER', s.converters.keyClass, () => s.converters.key.toConnectData(c.topic, kafkaHeaders, c.key), context);
  if (key instanceof Promise) return key.then((k) => (k === SKIPPED ? SKIPPED : convertValue(c, s, context, kafkaHeaders, k)));
  if (key === SKIPPED) return SKIPPED;
  return convertValue(c, s, context, kafkaHeaders, key);
}

function convertValue(c: ConsumedRecord, s: SinkConversion, context: Context, kafkaHeaders: KafkaHeader[], key: SchemaAndValue): Converted {
  const value = s.operator.execute('VALUE_CONVERTER', s.converters.valueClass, () => s.converters.value.toConnectData(c.topic, kafkaHeaders, c.value), context);
  if (value instanceof Promise) return value.then((v) => (v === SKIPPED ? SKIPPED : convertHeaders(c, s, context, key, v)));
  if (value === SKIPPED) return SKIPPED;
  return convertHeaders(c, s, context, key, value);
}

function convertHeaders(c: ConsumedRecord, s: SinkConversion, context: Context, key: SchemaAndValue, value: SchemaAndValue): Converted {
  // No Kafka headers: the header converter has nothing to do (and cannot fail).
  if (c.headers.length === 0) return transform(c, s, context, key, value, new Headers());
  const headers = s.operator.execute('HEADER_CONVERTER', s.converters.headerClass, () => {
    const h = new Headers();
    for (const [k, v] of c.headers) h.add(k, s.converters.header.toConnectHeader(c.topic, k, v));
    return h;
  }, context);
  if (headers instanceof Promise) return headers.then((h) => (h === SKIPPED ? SKIPPED : transform(c, s, context, key, value, h)));
  if (headers === SKIPPED) return SKIPPED;
  return transform(c, s, context, key, value, headers);
}

function transform(c: ConsumedRecord, s: SinkConversion, context: Context, key: SchemaAndValue, value: SchemaAndValue, headers: Headers): Converted {
  const record = new SinkRecord({
    topic: c.topic, kafkaPartition: c.partition, kafkaOffset: c.offset, timestamp: c.timestamp, timestampType: c.timestampType,
    keySchema: key.schema, key: key.value, valueSchema: value.schema, value: value.value, headers,
  });
  return s.chain.size === 0 ? record : s.chain.apply(record, s.operator, context);
}
