// kafkajs 2.2.4 (ApiVersions v2, non-flexible versions only: Produce v7, Fetch v11, ListOffsets
// v3, Metadata v6, DescribeConfigs v2 …) against the bundled broker, in process.
// - kafkajs ships gzip only; snappy, lz4 and zstd go through its codec plugin API
//   (`CompressionCodecs`), here backed by the `snappy` and `lz4-napi` packages and node:zlib.
// - Its Consumer always joins a consumer group and it has no assign-only mode, so records are
//   read with kafkajs's own Fetch path (the cluster/broker objects its consumer uses internally,
//   reached through the Kafka instance's private cluster factory): the response decoding,
//   decompression and header handling under test are kafkajs's.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { startCompatBroker, topicName, type CompatBroker } from './harness.ts';
import { BASE_TIMESTAMP, bigValue, ONE_MIB } from './records.ts';

jest.setTimeout(60_000);

type Encoder = { buffer: Buffer };
const codec = (compress: (b: Buffer) => Buffer, decompress: (b: Buffer) => Buffer) => () => ({
  compress: async (encoder: Encoder) => compress(encoder.buffer),
  decompress: async (buffer: Buffer) => decompress(buffer),
});
CompressionCodecs[CompressionTypes.Snappy] = codec((b) => snappyCompress(b), (b) => snappyUncompress(b) as Buffer);
CompressionCodecs[CompressionTypes.LZ4] = codec((b) => compressFrameSync(b), (b) => decompressFrameSync(b));
CompressionCodecs[CompressionTypes.ZSTD] = codec((b) => zstdCompressSync(b), (b) => zstdDecompressSync(b));

let broker: CompatBroker;
let kafka: Kafka;
let admin: Admin;
const producers: Producer[] = [];
type KafkajsBroker = { fetch(request: unknown): Promise<{ responses: { partitions: FetchedPartition[] }[] }> };
type FetchedPartition = { errorCode: number; highWatermark: string; messages: FetchedMessage[] };
type FetchedMessage = { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> };
type KafkajsCluster = {
  connect(): Promise<void>; disconnect(): Promise<void>; addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(options: { nodeId: number }): Promise<KafkajsBroker>;
};
let cluster: KafkajsCluster;

beforeAll(async () => {
  broker = await startCompatBroker();
  kafka = new Kafka({ clientId: 'compat-kafkajs', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  admin = kafka.admin();
  await admin.connect();
  const factory = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!factory) throw new Error('kafkajs internals changed: no private cluster factory on the Kafka instance');
  cluster = (kafka as unknown as Record<symbol, (o: object) => KafkajsCluster>)[factory]({ allowAutoTopicCreation: false });
  await cluster.connect();
});
afterAll(async () => {
  for (const p of producers) await p.disconnect();
  await admin?.disconnect();
  await cluster?.disconnect();
  await broker?.stop();
});

type Read = { offset: number; timestamp: number; key: string | null; value: string | null; headers: Record<string, string | string[]> };

async function readPartition(topic: string, partition: number, maxBytes = 4 * ONE_MIB): Promise<Read[]> {
  await cluster.addTargetTopic(topic);
  await cluster.refreshMetadata();
  const leader = cluster.findTopicPartitionMetadata(topic).find((p) => p.partitionId === partition)?.leader;
  if (leader === undefined) throw new Error(`no leader for ${topic}/${partition}`);
  const node = await cluster.findBroker({ nodeId: leader });
  const out: Read[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await node.fetch({
      replicaId: -1, isolationLevel: 1, maxWaitTime: 100, minBytes: 1, maxBytes,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(out.length), maxBytes }] }],
    });
    const p = response.responses[0].partitions[0];
    if (p.errorCode !== 0) throw new Error(`fetch ${topic}/${partition}: error ${p.errorCode}`);
    for (const m of p.messages) {
      if (Number(m.offset) < out.length) continue;
      out.push({
        offset: Number(m.offset), timestamp: Number(m.timestamp), key: m.key?.toString() ?? null, value: m.value?.toString() ?? null,
        headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : v.toString()])),
      });
    }
    if (out.length >= Number(p.highWatermark)) return out;
  }
  throw new Error(`did not reach the end of ${topic}/${partition}`);
}

async function newProducer(options: { idempotent?: boolean } = {}): Promise<Producer> {
  const p = kafka.producer({ idempotent: options.idempotent, maxInFlightRequests: options.idempotent ? 1 : undefined, allowAutoTopicCreation: false });
  await p.connect();
  producers.push(p);
  return p;
}

const sample = [
  { partition: 0, key: 'key-1', value: 'first value', headers: { trace: ['abc', 'def'], empty: '' }, timestamp: String(BASE_TIMESTAMP) },
  { partition: 0, key: null, value: 'the key of this record is null', timestamp: String(BASE_TIMESTAMP + 1000) },
  { partition: 0, key: 'ключ-ü', value: 'välue ü € 日本', headers: { lang: 'ру' }, timestamp: String(BASE_TIMESTAMP + 2000) },
  { partition: 0, key: 'key-4', value: 'last', headers: { n: '4' }, timestamp: String(BASE_TIMESTAMP + 3000) },
];
const expectedSample: Read[] = [
  { offset: 0, key: 'key-1', value: 'first value', headers: { trace: ['abc', 'def'], empty: '' }, timestamp: BASE_TIMESTAMP },
  { offset: 1, key: null, value: 'the key of this record is null', headers: {}, timestamp: BASE_TIMESTAMP + 1000 },
  { offset: 2, key: 'ключ-ü', value: 'välue ü € 日本', headers: { lang: 'ру' }, timestamp: BASE_TIMESTAMP + 2000 },
  { offset: 3, key: 'key-4', value: 'last', headers: { n: '4' }, timestamp: BASE_TIMESTAMP + 3000 },
];

async function createTopic(topic: string, numPartitions = 1, configEntries: { name: string; value: string }[] = []) {
  expect(await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }], waitForLeaders: true })).toBe(true);
}

describe('kafkajs: admin', () => {
  test('createTopics with configs, fetchTopicMetadata, describeConfigs, alterConfigs, deleteTopics', async () => {
    const topic = topicName('kjs-admin');
    await createTopic(topic, 3, [{ name: 'retention.ms', value: '123456' }, { name: 'cleanup.policy', value: 'compact' }]);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);

    const configsOf = async () => {
      const d = await admin.describeConfigs({ resources: [{ type: 2, name: topic }], includeSynonyms: false });
      expect(d.resources[0].errorCode).toBe(0);
      return Object.fromEntries(d.resources[0].configEntries.map((c) => [c.configName, c.configValue]));
    };
    expect(await configsOf()).toMatchObject({ 'retention.ms': '123456', 'cleanup.policy': 'compact', 'max.message.bytes': '1048588' });

    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: '654321' }] }] });
    expect(await configsOf()).toMatchObject({ 'retention.ms': '654321', 'cleanup.policy': 'delete' });

    expect(await admin.listTopics()).toContain(topic);
    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);
  });
});

describe('kafkajs: produce and fetch', () => {
  test('keys, null keys, repeated and empty headers and CreateTimes come back exactly', async () => {
    const topic = topicName('kjs-roundtrip');
    await createTopic(topic);
    const result = await (await newProducer()).send({ topic, acks: 1, messages: sample });
    expect(result).toEqual([expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '0' })]);
    expect(await readPartition(topic, 0)).toEqual(expectedSample);
  });

  test.each([
    ['gzip', CompressionTypes.GZIP], ['snappy', CompressionTypes.Snappy], ['lz4', CompressionTypes.LZ4], ['zstd', CompressionTypes.ZSTD],
  ] as const)('%s-compressed batches are stored and fetched back intact', async (_name, compression) => {
    const topic = topicName(`kjs-${_name}`);
    await createTopic(topic);
    const messages = Array.from({ length: 60 }, (_, i) => ({ partition: 0, key: `k${i}`, value: `record ${i} `.repeat(40), headers: { i: String(i) } }));
    await (await newProducer()).send({ topic, compression, messages });
    const got = await readPartition(topic, 0);
    expect(got.map((r) => [r.offset, r.key, r.value, r.headers])).toEqual(messages.map((m, i) => [i, m.key, m.value, { i: String(i) }]));
  });

  test('an idempotent producer (InitProducerId, acks=all) writes each record once', async () => {
    const topic = topicName('kjs-idempotent');
    await createTopic(topic);
    const p = await newProducer({ idempotent: true });
    await p.send({ topic, acks: -1, messages: sample.slice(0, 2) });
    await p.send({ topic, acks: -1, messages: sample.slice(2) });
    expect(await readPartition(topic, 0)).toEqual(expectedSample);
  });

  test('1 MiB records on a topic whose max.message.bytes allows them; refused with the default', async () => {
    const topic = topicName('kjs-big');
    await createTopic(topic, 1, [{ name: 'max.message.bytes', value: String(3 * ONE_MIB) }]);
    const values = [bigValue(ONE_MIB), bigValue(ONE_MIB).toUpperCase()];
    const p = await newProducer();
    for (const [i, value] of values.entries()) await p.send({ topic, messages: [{ partition: 0, key: `big-${i}`, value }] });
    const got = await readPartition(topic, 0);
    expect(got.map((r) => [r.offset, r.key, r.value?.length])).toEqual([[0, 'big-0', ONE_MIB], [1, 'big-1', ONE_MIB]]);
    expect(got.map((r) => r.value)).toEqual(values);

    const small = topicName('kjs-too-big');
    await createTopic(small);
    await expect(p.send({ topic: small, messages: [{ partition: 0, value: bigValue(2 * ONE_MIB) }] })).rejects.toThrow(/larger than the max message size the server will accept/);
  });

  test('a 100-partition topic: one record per partition, each at offset 0; end offsets all 1', async () => {
    const topic = topicName('kjs-wide');
    await createTopic(topic, 100);
    await (await newProducer()).send({ topic, messages: Array.from({ length: 100 }, (_, p) => ({ partition: p, key: `k${p}`, value: `p${p}` })) });
    for (const p of [0, 1, 42, 99]) expect((await readPartition(topic, p)).map((r) => [r.offset, r.value])).toEqual([[0, `p${p}`]]);
    const ends = await admin.fetchTopicOffsets(topic);
    expect(ends.map((o) => [o.partition, o.offset, o.low]).sort((a, b) => Number(a[0]) - Number(b[0])))
      .toEqual(Array.from({ length: 100 }, (_, p) => [p, '1', '0']));
  });
});

describe('kafkajs: offsets by timestamp', () => {
  test('fetchTopicOffsetsByTimestamp finds the first record at or after the timestamp', async () => {
    const topic = topicName('kjs-times');
    await createTopic(topic);
    await (await newProducer()).send({ topic, messages: sample });
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, BASE_TIMESTAMP + 1500)).toEqual([{ partition: 0, offset: '2' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, BASE_TIMESTAMP - 60_000)).toEqual([{ partition: 0, offset: '0' }]);
    // After the last record kafkajs substitutes the high watermark for Kafka's -1.
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() + 3_600_000)).toEqual([{ partition: 0, offset: '4' }]);
  });
});
