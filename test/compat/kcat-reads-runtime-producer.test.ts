// What the worker's producer writes (runtime/kafka: its own record-batch encoder over the client
// library's connections), read by a client written by others: kcat 1.7.1 (librdkafka 2.0.2) with
// CRC checking on. Every codec, keys over several partitions, headers (repeated, UTF-8 keys, empty
// values), null keys, tombstones and explicit timestamps; and the idempotent producer's batches
// as stored: one producer id, base sequences consecutive per partition.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressionCodecOf } from '../../broker/protocol/records/batch-header.ts';
import { iterateBatches } from '../../broker/protocol/records/batch-iterator.ts';
import { clientOptionsFrom } from '../../runtime/kafka/client-config.ts';
import { KafkaProducer, type DeliveryReport, type ProducerRecord } from '../../runtime/kafka/producer.ts';
import { createTopicDirectly, runJsonLines, startCompatBroker, topicName, type CompatBroker } from './harness.ts';

jest.setTimeout(60_000);

type KcatMessage = { partition: number; offset: number; tstype: string; ts: number; headers?: string[]; key: string | null; payload: string | null };

let broker: CompatBroker;
beforeAll(async () => {
  broker = await startCompatBroker();
});
afterAll(async () => broker?.stop());

const T0 = 1_700_000_000_000;
const PARTITIONS = 3;

function record(topic: string, n: number): ProducerRecord {
  return {
    topic,
    key: n % 7 === 0 ? null : Buffer.from(`ключ-${n}`),
    value: n % 11 === 0 ? null : Buffer.from(`välue ${n} `.repeat(1 + (n % 5))),
    headers: n % 3 === 0 ? [] : [['trace', Buffer.from(`t${n}`)], ['trace', Buffer.from('again')], ['schlüssel', Buffer.alloc(0)]],
    timestamp: T0 + n * 1000,
  };
}

const consume = (topic: string, count: number) => runJsonLines<KcatMessage>('kcat',
  ['-b', broker.bootstrap, '-q', '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-c', String(count), '-X', 'check.crcs=true'], { timeoutMs: 25_000 });

/** The header of every batch of a partition, as the segment file holds it. */
const storedBatches = (topic: string, partition: number) =>
  [...iterateBatches(readFileSync(join(broker.dataDir, `${topic}-${partition}`, '00000000000000000000.log')))].map((b) => b.header);

describe('kcat reads what the runtime producer writes', () => {
  test.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const)('%s: every record, at the partition and offset its delivery report gave', async (codec) => {
    const topic = topicName(`runtime-producer-${codec}`);
    await createTopicDirectly(broker, topic, PARTITIONS);
    const producer = new KafkaProducer(clientOptionsFrom({ 'bootstrap.servers': broker.bootstrap }, 'kcat-compat'), { compression: codec, batchRecords: 100, lingerMs: 5 });
    const records = Array.from({ length: 600 }, (_, n) => record(topic, n));
    const reports: DeliveryReport[] = await Promise.all(records.map((r) => producer.send(r)));
    await producer.close();

    const got = await consume(topic, records.length);
    const byPosition = new Map(got.map((m) => [`${m.partition}@${m.offset}`, m]));
    expect(byPosition.size).toBe(records.length);
    records.forEach((r, n) => {
      const m = byPosition.get(`${reports[n].partition}@${reports[n].offset}`);
      expect([m?.key, m?.payload, m?.ts, m?.tstype]).toEqual([r.key?.toString() ?? null, r.value?.toString() ?? null, r.timestamp, 'create']);
      expect(m?.headers ?? []).toEqual((r.headers ?? []).flatMap(([k, v]) => [k, v!.toString()]));
    });
    for (let p = 0; p < PARTITIONS; p++) {
      expect(new Set(storedBatches(topic, p).map((h) => compressionCodecOf(h.attributes)))).toEqual(new Set([codec]));
    }
  });

  test('idempotent batches in flight five at a time: one producer id, base sequences consecutive from 0 in every partition', async () => {
    const topic = topicName('runtime-producer-idempotent');
    await createTopicDirectly(broker, topic, PARTITIONS);
    const producer = new KafkaProducer(clientOptionsFrom({ 'bootstrap.servers': broker.bootstrap }, 'kcat-compat'), { batchRecords: 50, maxInFlight: 5 });
    await Promise.all(Array.from({ length: 3000 }, (_, n) => producer.send(record(topic, n))));
    await producer.close();
    expect(await consume(topic, 3000)).toHaveLength(3000);
    const producerIds = new Set<number>();
    for (let p = 0; p < PARTITIONS; p++) {
      let expected = 0;
      for (const header of storedBatches(topic, p)) {
        producerIds.add(header.producerId);
        expect(header.baseSequence).toBe(expected);
        expected += header.recordsCount;
      }
    }
    expect(producerIds.size).toBe(1);
    expect([...producerIds][0]).toBeGreaterThanOrEqual(0);
  });
});
