// @platformatic/kafka 2.x (pure TypeScript, flexible request versions: Metadata v12, Fetch v17
// with topic ids, ListOffsets v9, DescribeConfigs v4, CreateTopics v7 …) against the bundled
// broker, in process. Its stream consumer always joins a group, so records are read with its
// public `Consumer.fetch` (one Fetch request to the partition leader), which needs no group.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  Admin, ConfigResourceTypes, Consumer, Producer, stringSerializers,
  type CompressionAlgorithmValue, type fetchV17, type MessageToProduce,
} from '@platformatic/kafka';
import { startCompatBroker, topicName, type CompatBroker } from './harness.ts';
import { BASE_TIMESTAMP, bigValue, ONE_MIB } from './records.ts';

jest.setTimeout(60_000);

let broker: CompatBroker;
let admin: Admin;
let reader: Consumer;
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  broker = await startCompatBroker();
  const base = { clientId: 'compat-platformatic', bootstrapBrokers: [broker.bootstrap], retries: 2 };
  admin = new Admin(base);
  reader = new Consumer({ ...base, groupId: 'compat-unused-group' });
  clients.push(admin, reader);
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await broker?.stop();
});

type Read = { partition: number; offset: number; timestamp: number; key: string | null; value: string | null; headers: [string, string | null][]; producerId: number; codec: number };
const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

/** Reads `partition` from `offset` to the high watermark with Fetch requests. */
async function readPartition(topic: string, partition: number, offset = 0, maxBytes = 4 * ONE_MIB): Promise<Read[]> {
  const metadata = await reader.metadata({ topics: [topic], forceUpdate: true });
  const t = metadata.topics.get(topic);
  if (!t) throw new Error(`no metadata for ${topic}`);
  const out: Read[] = [];
  let next = BigInt(offset);
  for (let attempt = 0; attempt < 50; attempt++) {
    const response: fetchV17.FetchResponse = await reader.fetch({
      node: t.partitions[partition].leader, maxWaitTime: 100, maxBytes,
      topics: [{ topicId: t.id, partitions: [{ partition, fetchOffset: next, partitionMaxBytes: maxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
    });
    const p = response.responses[0].partitions[0];
    if (p.errorCode !== 0) throw new Error(`fetch ${topic}/${partition}: error ${p.errorCode}`);
    for (const batch of p.records ?? []) {
      for (const r of batch.records) {
        const at = batch.firstOffset + BigInt(r.offsetDelta);
        if (at < next) continue;
        out.push({
          partition, offset: Number(at), timestamp: Number(batch.firstTimestamp + r.timestampDelta),
          key: text(r.key), value: text(r.value),
          headers: r.headers.map(([k, v]: [Buffer | null, Buffer | null]) => [text(k) ?? '', text(v)]),
          producerId: Number(batch.producerId), codec: batch.attributes & 0x07,
        });
      }
    }
    if (out.length > 0) next = BigInt(out[out.length - 1].offset + 1);
    if (next >= p.highWatermark) return out;
  }
  throw new Error(`did not reach the end of ${topic}/${partition}`);
}

function producer(options: { compression?: CompressionAlgorithmValue; idempotent?: boolean; acks?: number } = {}) {
  const p = new Producer({
    clientId: 'compat-platformatic', bootstrapBrokers: [broker.bootstrap], serializers: stringSerializers, retries: 2,
    acks: options.acks ?? -1, compression: options.compression, idempotent: options.idempotent, autocreateTopics: false,
  });
  clients.push(p);
  return p;
}

type Message = MessageToProduce<string, string, string, string>;
const sample = (topic: string): Message[] => [
  { topic, partition: 0, key: 'key-1', value: 'first value', headers: { trace: 'abc', empty: '' }, timestamp: BigInt(BASE_TIMESTAMP) },
  { topic, partition: 0, value: 'no key at all', timestamp: BigInt(BASE_TIMESTAMP + 1000) },
  { topic, partition: 0, key: 'ключ-ü', value: 'välue ü € 日本', headers: { lang: 'ру' }, timestamp: BigInt(BASE_TIMESTAMP + 2000) },
  { topic, partition: 0, key: 'key-4', value: 'last', headers: { n: '4' }, timestamp: BigInt(BASE_TIMESTAMP + 3000) },
];
const expectedSample = [
  { offset: 0, key: 'key-1', value: 'first value', headers: [['trace', 'abc'], ['empty', '']], timestamp: BASE_TIMESTAMP },
  { offset: 1, key: null, value: 'no key at all', headers: [], timestamp: BASE_TIMESTAMP + 1000 },
  { offset: 2, key: 'ключ-ü', value: 'välue ü € 日本', headers: [['lang', 'ру']], timestamp: BASE_TIMESTAMP + 2000 },
  { offset: 3, key: 'key-4', value: 'last', headers: [['n', '4']], timestamp: BASE_TIMESTAMP + 3000 },
];
const strip = (rows: Read[]) => rows.map(({ offset, key, value, headers, timestamp }) => ({ offset, key, value, headers, timestamp }));

describe('@platformatic/kafka: admin', () => {
  test('createTopics with configs, metadata, describeConfigs, alterConfigs, incrementalAlterConfigs, deleteTopics', async () => {
    const topic = topicName('pk-admin');
    const [created] = await admin.createTopics({
      topics: [topic], partitions: 3, replicas: 1,
      configs: [{ name: 'retention.ms', value: '123456' }, { name: 'cleanup.policy', value: 'compact' }],
    });
    expect(created).toMatchObject({ name: topic, partitions: 3, replicas: 1 });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$|^[A-Za-z0-9_-]{22}$/);

    const configsOf = async () => {
      const [d] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }] });
      return Object.fromEntries(d.configs.map((c) => [c.name, c.value]));
    };
    expect(await configsOf()).toMatchObject({ 'retention.ms': '123456', 'cleanup.policy': 'compact', 'max.message.bytes': '1048588' });

    // IncrementalAlterConfigs: SET one, DELETE another (back to its default), the rest unchanged.
    await admin.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [
      { name: 'segment.bytes', configOperation: 0, value: '2000000' },
      { name: 'cleanup.policy', configOperation: 1 },
    ] }] });
    expect(await configsOf()).toMatchObject({ 'retention.ms': '123456', 'cleanup.policy': 'delete', 'segment.bytes': '2000000' });

    // AlterConfigs replaces the whole set.
    await admin.alterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs: [{ name: 'retention.ms', value: '654321' }] }] });
    expect(await configsOf()).toMatchObject({ 'retention.ms': '654321', 'segment.bytes': '1073741824' });

    expect((await admin.listTopics()).includes(topic)).toBe(true);
    await admin.deleteTopics({ topics: [topic] });
    expect((await admin.listTopics()).includes(topic)).toBe(false);
  });
});

describe('@platformatic/kafka: produce and fetch', () => {
  test('keys, a missing key, headers and CreateTimes come back exactly', async () => {
    const topic = topicName('pk-roundtrip');
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const result = await producer({ acks: 1 }).send({ messages: sample(topic) });
    expect(result.offsets).toEqual([{ topic, partition: 0, offset: 0n }]);
    expect(strip(await readPartition(topic, 0))).toEqual(expectedSample);
  });

  test.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('%s-compressed batches are stored and fetched back intact', async (codec) => {
    const topic = topicName(`pk-${codec}`);
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const messages = Array.from({ length: 60 }, (_, i) => ({ topic, partition: 0, key: `k${i}`, value: `record ${i} `.repeat(40), headers: { i: String(i) } }));
    await producer({ compression: codec }).send({ messages });
    const got = await readPartition(topic, 0);
    expect(got.map((r) => [r.offset, r.key, r.value, r.headers])).toEqual(messages.map((m, i) => [i, m.key, m.value, [['i', String(i)]]]));
    // The stored batches keep the producer's codec (compression.type=producer): 1 gzip … 4 zstd.
    expect(new Set(got.map((r) => r.codec))).toEqual(new Set([{ gzip: 1, snappy: 2, lz4: 3, zstd: 4 }[codec]]));
  });

  test('an idempotent producer gets a producer id from the broker, stamped on the stored batches', async () => {
    const topic = topicName('pk-idempotent');
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    const p = producer({ idempotent: true });
    await p.send({ messages: sample(topic).slice(0, 2) });
    await p.send({ messages: sample(topic).slice(2) });
    const got = await readPartition(topic, 0);
    expect(strip(got)).toEqual(expectedSample);
    expect(got[0].producerId).toBeGreaterThanOrEqual(0);
    expect(new Set(got.map((r) => r.producerId)).size).toBe(1);
  });

  test('1 MiB records on a topic whose max.message.bytes allows them; refused with the default', async () => {
    const topic = topicName('pk-big');
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'max.message.bytes', value: String(3 * ONE_MIB) }] });
    const values = [bigValue(ONE_MIB), bigValue(ONE_MIB).toUpperCase()];
    const p = producer();
    for (const [i, value] of values.entries()) await p.send({ messages: [{ topic, partition: 0, key: `big-${i}`, value }] });
    const got = await readPartition(topic, 0, 0, 4 * ONE_MIB);
    expect(got.map((r) => [r.offset, r.key, r.value?.length])).toEqual([[0, 'big-0', ONE_MIB], [1, 'big-1', ONE_MIB]]);
    expect(got.map((r) => r.value)).toEqual(values);

    const small = topicName('pk-too-big');
    await admin.createTopics({ topics: [small], partitions: 1, replicas: 1 });
    await expect(p.send({ messages: [{ topic: small, partition: 0, value: bigValue(2 * ONE_MIB) }] })).rejects.toThrow();
    expect(await readPartition(small, 0)).toEqual([]);
  });

  test('a 100-partition topic: one record per partition, each at offset 0', async () => {
    const topic = topicName('pk-wide');
    await admin.createTopics({ topics: [topic], partitions: 100, replicas: 1 });
    const metadata = await admin.metadata({ topics: [topic] });
    expect(metadata.topics.get(topic)?.partitionsCount).toBe(100);
    await producer().send({ messages: Array.from({ length: 100 }, (_, p) => ({ topic, partition: p, key: `k${p}`, value: `p${p}` })) });
    for (const p of [0, 1, 42, 98, 99]) {
      expect((await readPartition(topic, p)).map((r) => [r.offset, r.key, r.value])).toEqual([[0, `k${p}`, `p${p}`]]);
    }
    const ends = await admin.listOffsets({ topics: [{ name: topic, partitions: Array.from({ length: 100 }, (_, p) => ({ partitionIndex: p, timestamp: -1n })) }] });
    expect(ends[0].partitions.map((p) => [p.partitionIndex, p.offset])).toEqual(Array.from({ length: 100 }, (_, p) => [p, 1n]));
  });
});

describe('@platformatic/kafka: ListOffsets by timestamp', () => {
  test('the first offset at or after a timestamp; earliest; latest; none after the end', async () => {
    const topic = topicName('pk-times');
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await producer().send({ messages: sample(topic) });
    const at = async (timestamp: bigint) => {
      const [t] = await admin.listOffsets({ topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp }] }] });
      return t.partitions[0];
    };
    expect(await at(BigInt(BASE_TIMESTAMP + 1500))).toMatchObject({ offset: 2n, timestamp: BigInt(BASE_TIMESTAMP + 2000) });
    expect(await at(-2n)).toMatchObject({ offset: 0n });
    expect(await at(-1n)).toMatchObject({ offset: 4n });
    expect(await at(-3n)).toMatchObject({ offset: 3n, timestamp: BigInt(BASE_TIMESTAMP + 3000) }); // MAX_TIMESTAMP (KIP-734)
    expect(await at(BigInt(Date.now() + 3_600_000))).toMatchObject({ offset: -1n });
  });
});
