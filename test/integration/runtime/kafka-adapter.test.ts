// The Kafka adapter against the bundled broker: topic creation with configs, batched idempotent
// produce with per-record delivery reports, tombstones and repeated header keys, and reading
// partitions to their end with the group-less consumer.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { KafkaAdmin } from '../../../runtime/kafka/admin.ts';
import { KafkaProducer } from '../../../runtime/kafka/producer.ts';
import { AssignedConsumer } from '../../../runtime/kafka/assigned-consumer.ts';
import { clientOptionsFrom } from '../../../runtime/kafka/client-config.ts';

let broker: TempBroker;
let admin: KafkaAdmin;
const options = () => clientOptionsFrom({ 'bootstrap.servers': `127.0.0.1:${broker.broker.port}` }, 'adapter-test');

beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  admin = new KafkaAdmin(options());
});
afterAll(async () => {
  await admin.close();
  await broker.stop();
});

describe('Kafka adapter', () => {
  test('creates a topic once, with its configs and partitions', async () => {
    expect(await admin.createTopic({ name: 'created', partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } })).toBe(true);
    expect(await admin.createTopic({ name: 'created', partitions: 3, replicationFactor: 1 })).toBe(false);
    expect(await admin.describeTopics(['created', 'missing'])).toEqual(new Map([['created', 3]]));
  });

  test('delivery reports carry each record\'s offset; reading back gives the same bytes', async () => {
    await admin.createTopic({ name: 'produced', partitions: 2, replicationFactor: 1 });
    const producer = new KafkaProducer(options(), { lingerMs: 5, batchRecords: 7 });
    const reports = await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({
      topic: 'produced', partition: i % 2, key: Buffer.from(`k${i}`), value: i === 19 ? null : Buffer.from(`v${i}`),
      headers: [['h', Buffer.from('a')], ['h', Buffer.from('b')]], timestamp: 1_700_000_000_000 + i,
    })));
    await producer.close();
    expect(reports.filter((r) => r.partition === 0).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reports.filter((r) => r.partition === 1).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const reader = new AssignedConsumer(options(), { maxWaitMs: 50 });
    expect(await reader.endOffsets('produced')).toEqual([10, 10]);
    reader.assign({ topic: 'produced', partition: 1 }, 0);
    const read = [];
    while (read.length < 10) read.push(...await reader.poll());
    await reader.close();
    expect(read.map((r) => r.key?.toString())).toEqual(['k1', 'k3', 'k5', 'k7', 'k9', 'k11', 'k13', 'k15', 'k17', 'k19']);
    expect(read[0].headers.map(([k, v]) => `${k}=${v?.toString()}`)).toEqual(['h=a', 'h=b']);
    expect(read[0].timestamp).toBe(1_700_000_000_001);
    expect(read[9].value).toBeNull();
  });

  test('produce(): with several requests in flight, records land in the order produced and each listener hears its own offset', async () => {
    await admin.createTopic({ name: 'pipelined', partitions: 1, replicationFactor: 1 });
    const producer = new KafkaProducer(options(), { lingerMs: 1, batchRecords: 50, maxInFlight: 5 });
    const heard = new Map<number, number>();
    const failures: Error[] = [];
    const listener = { onDelivery: (n: number, r: { offset: number }) => heard.set(n, r.offset), onFailure: (_n: number, e: Error) => failures.push(e) };
    for (let n = 0; n < 2000; n++) producer.produce({ topic: 'pipelined', key: Buffer.from(`k${n}`), value: Buffer.from(`v${n}`) }, listener, n);
    await producer.close();
    expect(failures).toEqual([]);
    expect([...heard].sort(([a], [b]) => a - b).map(([n, offset]) => offset - n).every((d) => d === 0)).toBe(true);
    expect(heard.size).toBe(2000);

    const reader = new AssignedConsumer(options(), { maxWaitMs: 50 });
    reader.assign({ topic: 'pipelined', partition: 0 }, 0);
    const read = [];
    while (read.length < 2000) read.push(...await reader.poll());
    await reader.close();
    expect(read.every((r, i) => r.key?.toString() === `k${i}` && r.offset === i)).toBe(true);
  });

  test('produce(): a refused request fails each of its own records with its token; the next request is delivered with each record\'s timestamp', async () => {
    await admin.createTopic({ name: 'refused', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '2000' } });
    const producer = new KafkaProducer(options(), { lingerMs: 1, batchRecords: 3, maxInFlight: 1 });
    const delivered = new Map<string, { offset: number; timestamp: number }>();
    const failed: string[] = [];
    const listener = {
      onDelivery: (t: string, r: { offset: number; timestamp: number }) => delivered.set(t, { offset: r.offset, timestamp: r.timestamp }),
      onFailure: (t: string) => failed.push(t),
    };
    // The first request carries a record larger than the topic allows: the broker refuses the batch.
    for (const [t, size] of [['a', 10], ['big', 5000], ['c', 10], ['d', 10], ['e', 10], ['f', 10]] as const) {
      producer.produce({ topic: 'refused', key: null, value: Buffer.alloc(size), timestamp: t === 'e' ? 1_700_000_000_000 : null }, listener, t);
    }
    await producer.flush();
    await producer.close();
    expect(failed).toEqual(['a', 'big', 'c']);
    expect([...delivered.keys()]).toEqual(['d', 'e', 'f']);
    expect([...delivered.values()].map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(delivered.get('e')!.timestamp).toBe(1_700_000_000_000);
    expect(Math.abs(delivered.get('d')!.timestamp - Date.now())).toBeLessThan(60_000);
  });

  test('one batch over two topics and several partitions: each report gives where its record is; a partition the topic lacks fails that record alone', async () => {
    await admin.createTopic({ name: 'mixed-a', partitions: 3, replicationFactor: 1 });
    await admin.createTopic({ name: 'mixed-b', partitions: 2, replicationFactor: 1 });
    const producer = new KafkaProducer(options(), { lingerMs: 20, batchRecords: 1000 });
    const sends = Array.from({ length: 60 }, (_, n) => producer.send({
      topic: n % 2 === 0 ? 'mixed-a' : 'mixed-b', partition: n === 31 ? 7 : n % 3 === 2 && n % 2 === 1 ? 0 : n % 2, key: null, value: Buffer.from(`v${n}`),
    }).then((report) => ({ n, report }), (error: Error) => ({ n, error })));
    const outcomes = await Promise.all(sends);
    await producer.close();
    const failed = outcomes.filter((o) => 'error' in o);
    expect(failed.map((o) => [o.n, (o as { error: Error }).error.name, (o as { error: Error }).error.message])).toEqual([
      [31, 'IllegalArgumentException', 'Invalid partition given with record: 7 is not in the range of the partitions of mixed-b.'],
    ]);
    const stored = new Map<string, string | undefined>();
    const reader = new AssignedConsumer(options(), { maxWaitMs: 50 });
    let total = 0;
    for (const [topic, count] of [['mixed-a', 3], ['mixed-b', 2]] as const) {
      const ends = await reader.endOffsets(topic);
      for (let partition = 0; partition < count; partition++) reader.assign({ topic, partition }, 0);
      total += ends.reduce((a, b) => a + b, 0);
    }
    while (stored.size < total) for (const r of await reader.poll()) stored.set(`${r.topic}-${r.partition}@${r.offset}`, r.value?.toString());
    await reader.close();
    expect(total).toBe(59);
    for (const o of outcomes) {
      if ('report' in o) expect(stored.get(`${o.report.topic}-${o.report.partition}@${o.report.offset}`)).toBe(`v${o.n}`);
    }
  });

  test.each([[0, -1], [1, 0]] as const)('acks=%i: the records land (delivery reports give offset %i for the first)', async (acks, firstOffset) => {
    const topic = `acks-${acks}`;
    await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 1 });
    const producer = new KafkaProducer(options(), { acks, idempotent: false, batchRecords: 10 });
    const reports = await Promise.all(Array.from({ length: 25 }, (_, n) => producer.send({ topic, key: null, value: Buffer.from(`v${n}`) })));
    await producer.close();
    expect(reports[0].offset).toBe(firstOffset);
    const reader = new AssignedConsumer(options(), { maxWaitMs: 50 });
    reader.assign({ topic, partition: 0 }, 0);
    const read = [];
    while (read.length < 25) read.push(...await reader.poll());
    await reader.close();
    expect(read.map((r) => r.value?.toString())).toEqual(Array.from({ length: 25 }, (_, n) => `v${n}`));
  });

  test('keyed records go to murmur2(key) partitions as Kafka\'s Java producer puts them', async () => {
    await admin.createTopic({ name: 'keyed', partitions: 4, replicationFactor: 1 });
    const producer = new KafkaProducer(options());
    // Kafka's UtilsTest: murmur2("foobar") = -790332482; Utils.toPositive(that) % 4 = 2.
    const report = await producer.send({ topic: 'keyed', key: Buffer.from('foobar'), value: Buffer.from('x') });
    await producer.close();
    expect(report.partition).toBe((-790_332_482 & 0x7fffffff) % 4);
  });
});
