// A consumed record to the SinkRecord put() receives: key, value and header converters, then the
// transform chain, each stage through the error handler. This runs once per record on the sink
// hot path, so a stage that succeeds costs a plain call: no promise, no closure, no context
// object. Only a stage that throws hands over to the error handler (retries with backoff,
// reporters, tolerance), and then the record becomes a Promise.
import type { KafkaHeader } from '../api/converter.ts';
import { Headers } from '../data/headers.ts';
import type { SchemaAndValue } from '../data/schema-and-value.ts';
import { SinkRecord } from '../data/sink-record.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import type { TaskConverters } from './converters-wiring.ts';
import { SKIPPED, type Outcome, type RetryWithToleranceOperator } from './retry-with-tolerance.ts';
import type { TransformChain } from './transform-chain.ts';

type Converted = Outcome<SinkRecord | null> | Promise<Outcome<SinkRecord | null>>;

export interface SinkConversion {
  readonly converters: TaskConverters;
  readonly operator: RetryWithToleranceOperator;
  readonly chain: TransformChain;
}

/** The record for put(); null when a transform dropped it, SKIPPED when a failure was tolerated. */
export function convertConsumedRecord(c: ConsumedRecord, s: SinkConversion): Converted {
  const kafkaHeaders: KafkaHeader[] = c.headers.length === 0 ? [] : c.headers.map(([key, value]) => ({ key, value }));
  let key: SchemaAndValue;
  try {
    key = s.converters.key.toConnectData(c.topic, kafkaHeaders, c.key);
  } catch (error) {
    return s.operator.recover('KEY_CONVERTER', s.converters.keyClass, () => s.converters.key.toConnectData(c.topic, kafkaHeaders, c.key), { consumed: c }, error)
      .then((k) => (k === SKIPPED ? SKIPPED : convertValue(c, s, kafkaHeaders, k)));
  }
  return convertValue(c, s, kafkaHeaders, key);
}

function convertValue(c: ConsumedRecord, s: SinkConversion, kafkaHeaders: KafkaHeader[], key: SchemaAndValue): Converted {
  let value: SchemaAndValue;
  try {
    value = s.converters.value.toConnectData(c.topic, kafkaHeaders, c.value);
  } catch (error) {
    return s.operator.recover('VALUE_CONVERTER', s.converters.valueClass, () => s.converters.value.toConnectData(c.topic, kafkaHeaders, c.value), { consumed: c }, error)
      .then((v) => (v === SKIPPED ? SKIPPED : convertHeaders(c, s, key, v)));
  }
  return convertHeaders(c, s, key, value);
}

function convertHeaders(c: ConsumedRecord, s: SinkConversion, key: SchemaAndValue, value: SchemaAndValue): Converted {
  // No Kafka headers: the header converter has nothing to do (and cannot fail).
  if (c.headers.length === 0) return transform(c, s, key, value, new Headers());
  const convert = (): Headers => {
    const h = new Headers();
    for (const [k, v] of c.headers) h.add(k, s.converters.header.toConnectHeader(c.topic, k, v));
    return h;
  };
  let headers: Headers;
  try {
    headers = convert();
  } catch (error) {
    return s.operator.recover('HEADER_CONVERTER', s.converters.headerClass, convert, { consumed: c }, error)
      .then((h) => (h === SKIPPED ? SKIPPED : transform(c, s, key, value, h)));
  }
  return transform(c, s, key, value, headers);
}

function transform(c: ConsumedRecord, s: SinkConversion, key: SchemaAndValue, value: SchemaAndValue, headers: Headers): Converted {
  const record = new SinkRecord({
    topic: c.topic, kafkaPartition: c.partition, kafkaOffset: c.offset, timestamp: c.timestamp, timestampType: c.timestampType,
    keySchema: key.schema, key: key.value, valueSchema: value.schema, value: value.value, headers,
  });
  return s.chain.size === 0 ? record : s.chain.apply(record, s.operator, { consumed: c });
}
