// kcat 1.7.1 (librdkafka 2.0.2) against the bundled broker: produce (-P) with keys, null keys,
// headers, every codec, idempotence; consume (-C, partition assignment, no group) with the JSON
// envelope; metadata (-L); offset lookup by timestamp (-Q, -o s@); a topic's compression.type
// recompressing what kcat produces. kcat has no admin API, so topics are created (and their
// configs altered) with the project's wire client.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIncrementalAlterConfigsResponse, encodeIncrementalAlterConfigsRequest } from '../../broker/protocol/generated/incremental-alter-configs.ts';
import { compressionCodecOf } from '../../broker/protocol/records/batch-header.ts';
import { iterateBatches } from '../../broker/protocol/records/batch-iterator.ts';
import { WireClient } from '../support/wire-client.ts';
import { fetch } from '../support/wire-calls.ts';
import { createTopicDirectly, instantBetween, run, runJsonLines, startCompatBroker, topicName, type CompatBroker } from './harness.ts';
import { bigValue, ONE_MIB } from './records.ts';

jest.setTimeout(60_000);

type KcatMessage = { topic: string; partition: number; offset: number; tstype: string; ts: number; headers?: string[]; key: string | null; payload: string | null };

let broker: CompatBroker;
beforeAll(async () => {
  broker = await startCompatBroker();
});
afterAll(async () => broker?.stop());

const kcat = (args: string[], input?: string) => run('kcat', ['-b', broker.bootstrap, '-q', ...args], { input, timeoutMs: 25_000 });
/** Produces lines "key<TAB>value" (a line without a tab has a null key) to one partition. */
const produce = (topic: string, lines: string[], extra: string[] = []) =>
  kcat(['-P', '-t', topic, '-K', '\\t', ...extra], lines.join('\n') + '\n');
const consume = (topic: string, count: number, extra: string[] = []) =>
  runJsonLines<KcatMessage>('kcat', ['-b', broker.bootstrap, '-q', '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-c', String(count), ...extra],
    { timeoutMs: 25_000 });

/** The codec of every batch of partition 0, as Fetch serves it and as the segment file holds it. */
async function storedCodecs(topic: string): Promise<{ onTheWire: string[]; inTheLog: string[] }> {
  const client = await WireClient.connect(broker.port);
  try {
    const records = (await fetch(client, topic, 0, 0)).responses[0].partitions[0].records as Buffer;
    const onTheWire = [...iterateBatches(records)].map((b) => compressionCodecOf(b.header.attributes));
    const segment = readFileSync(join(broker.dataDir, `${topic}-0`, '00000000000000000000.log'));
    const inTheLog = [...iterateBatches(segment)].map((b) => compressionCodecOf(b.header.attributes));
    return { onTheWire, inTheLog };
  } finally {
    client.close();
  }
}

describe('kcat: produce and consume', () => {
  test('keys, null keys, an empty key and headers come back exactly', async () => {
    const topic = topicName('kcat-roundtrip');
    await createTopicDirectly(broker, topic);
    await produce(topic, ['key-1\tfirst value', 'the key of this record is null', '\tan empty key', 'ключ-ü\tvälue ü € 日本'],
      ['-p', '0', '-H', 'trace=abc', '-H', 'trace=def', '-H', 'empty=']);
    const got = await consume(topic, 4);
    expect(got.map((m) => [m.partition, m.offset, m.key, m.payload, m.tstype])).toEqual([
      [0, 0, 'key-1', 'first value', 'create'],
      [0, 1, null, 'the key of this record is null', 'create'],
      [0, 2, '', 'an empty key', 'create'],
      [0, 3, 'ключ-ü', 'välue ü € 日本', 'create'],
    ]);
    for (const m of got) expect(m.headers).toEqual(['trace', 'abc', 'trace', 'def', 'empty', '']);
  });

  test.each(['gzip', 'snappy', 'lz4', 'zstd'])('%s-compressed batches are stored and fetched back intact', async (codec) => {
    const topic = topicName(`kcat-${codec}`);
    await createTopicDirectly(broker, topic);
    const lines = Array.from({ length: 200 }, (_, i) => `k${i}\t${`record ${i} `.repeat(30)}`);
    await produce(topic, lines, ['-p', '0', '-z', codec, '-X', 'linger.ms=50']);
    const got = await consume(topic, 200);
    expect(got.map((m) => `${m.key}\t${m.payload}`)).toEqual(lines);
    expect(got.map((m) => m.offset)).toEqual(lines.map((_, i) => i));
    // librdkafka 2.0.2 silently sends gzip/snappy/lz4 uncompressed to a broker that does not
    // advertise Produce v0 (see FINDINGS.md F5): the codec must really be on the wire.
    const { onTheWire, inTheLog } = await storedCodecs(topic);
    expect(new Set(onTheWire)).toEqual(new Set([codec]));
    expect(new Set(inTheLog)).toEqual(new Set([codec]));
  });

  test('an idempotent producer writes each record once, in order', async () => {
    const topic = topicName('kcat-idempotent');
    await createTopicDirectly(broker, topic);
    const lines = Array.from({ length: 500 }, (_, i) => `k${i}\tv${i}`);
    await produce(topic, lines, ['-p', '0', '-X', 'enable.idempotence=true', '-X', 'acks=all']);
    const got = await consume(topic, 500);
    expect(got.map((m) => `${m.key}\t${m.payload}`)).toEqual(lines);
  });

  test('1 MiB records on a topic whose max.message.bytes allows them', async () => {
    const topic = topicName('kcat-big');
    await createTopicDirectly(broker, topic, 1, { 'max.message.bytes': String(3 * ONE_MIB) });
    const values = [bigValue(ONE_MIB), bigValue(ONE_MIB).toUpperCase()];
    await produce(topic, values.map((v, i) => `big-${i}\t${v}`), ['-p', '0', '-X', `message.max.bytes=${4 * ONE_MIB}`]);
    const got = await consume(topic, 2, ['-X', `max.partition.fetch.bytes=${4 * ONE_MIB}`]);
    expect(got.map((m) => [m.offset, m.key, m.payload?.length])).toEqual([[0, 'big-0', ONE_MIB], [1, 'big-1', ONE_MIB]]);
    expect(got.map((m) => m.payload)).toEqual(values);
  });

  test('a 100-partition topic: metadata lists 100 partitions; random partitioning fills them with contiguous offsets', async () => {
    const topic = topicName('kcat-wide');
    await createTopicDirectly(broker, topic, 100);
    const metadata = JSON.parse((await kcat(['-L', '-J', '-t', topic])).stdout) as { topics: { topic: string; partitions: { partition: number; leader: number }[] }[] };
    expect(metadata.topics[0].partitions.map((p) => [p.partition, p.leader])).toEqual(Array.from({ length: 100 }, (_, p) => [p, 1]));

    const lines = Array.from({ length: 2000 }, (_, i) => `k${i}\tv${i}`);
    await produce(topic, lines, ['-p', '-1']);
    const got = await consume(topic, 2000);
    expect(got.map((m) => `${m.key}\t${m.payload}`).sort()).toEqual([...lines].sort());
    const byPartition = new Map<number, number[]>();
    for (const m of got) byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m.offset]);
    expect(byPartition.size).toBeGreaterThan(90);
    for (const offsets of byPartition.values()) expect(offsets.sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
  });
});

describe('kcat: offsets by timestamp', () => {
  test('-Q and -o s@<ts> find the first record at or after a timestamp', async () => {
    const topic = topicName('kcat-times');
    await createTopicDirectly(broker, topic);
    await produce(topic, ['a\t1', 'b\t2'], ['-p', '0']);
    const between = await instantBetween();
    await produce(topic, ['c\t3', 'd\t4'], ['-p', '0']);

    const query = await kcat(['-Q', '-t', `${topic}:0:${between}`]);
    expect(query.stdout).toMatch(new RegExp(`${topic} \\[0\\] offset 2\\b`));
    const fromTime = await consume(topic, 2, ['-o', `s@${between}`]);
    expect(fromTime.map((m) => [m.offset, m.key])).toEqual([[2, 'c'], [3, 'd']]);
  });
});


describe('kcat: the topic compression.type decides the stored codec', () => {
  const lines = Array.from({ length: 300 }, (_, i) => `k${i}\t${`value ${i} `.repeat(20)}`);

  test('uncompressed from kcat to a compression.type=lz4 topic: stored lz4, read back intact', async () => {
    const topic = topicName('kcat-to-lz4');
    await createTopicDirectly(broker, topic, 1, { 'compression.type': 'lz4' });
    await produce(topic, lines, ['-p', '0', '-z', 'none', '-X', 'linger.ms=50']);
    const got = await consume(topic, lines.length);
    expect(got.map((m) => `${m.key}\t${m.payload}`)).toEqual(lines);
    expect(got.map((m) => m.offset)).toEqual(lines.map((_, i) => i));
    const codecs = await storedCodecs(topic);
    expect(codecs.onTheWire.length).toBeGreaterThan(0);
    expect(new Set(codecs.onTheWire)).toEqual(new Set(['lz4']));
    expect(new Set(codecs.inTheLog)).toEqual(new Set(['lz4']));
  });

  test('lz4 from an idempotent kcat to a compression.type=uncompressed topic: stored uncompressed, read back intact', async () => {
    const topic = topicName('kcat-from-lz4');
    await createTopicDirectly(broker, topic, 1, { 'compression.type': 'uncompressed' });
    await produce(topic, lines, ['-p', '0', '-z', 'lz4', '-X', 'linger.ms=50', '-X', 'enable.idempotence=true', '-X', 'acks=all']);
    const got = await consume(topic, lines.length);
    expect(got.map((m) => `${m.key}\t${m.payload}`)).toEqual(lines);
    const codecs = await storedCodecs(topic);
    expect(new Set(codecs.onTheWire)).toEqual(new Set(['none']));
    expect(new Set(codecs.inTheLog)).toEqual(new Set(['none']));
    // The rebuilt batches keep the producer id and sequence numbers: consecutive from 0.
    const stored = [...iterateBatches(readFileSync(join(broker.dataDir, `${topic}-0`, '00000000000000000000.log')))].map((b) => b.header);
    expect(stored[0].producerId).toBeGreaterThanOrEqual(0);
    let expectedSequence = 0;
    for (const header of stored) {
      expect([header.producerId, header.baseSequence]).toEqual([stored[0].producerId, expectedSequence]);
      expectedSequence += header.recordsCount;
    }
  });

  test('altering compression.type to zstd recompresses later batches only', async () => {
    const topic = topicName('kcat-altered');
    await createTopicDirectly(broker, topic);
    // Compressible values: librdkafka sends a batch uncompressed when compressing would not shrink it.
    const before = 'before '.repeat(100);
    const after = 'after '.repeat(100);
    await produce(topic, [`a\t${before}`], ['-p', '0', '-z', 'snappy']);
    const client = await WireClient.connect(broker.port);
    try {
      const altered = await client.call(44, 1, encodeIncrementalAlterConfigsRequest, decodeIncrementalAlterConfigsResponse, {
        resources: [{ resourceType: 2, resourceName: topic, configs: [{ name: 'compression.type', configOperation: 0, value: 'zstd' }] }],
        validateOnly: false,
      });
      expect(altered.responses[0].errorCode).toBe(0);
    } finally {
      client.close();
    }
    await produce(topic, [`b\t${after}`], ['-p', '0', '-z', 'snappy']);
    expect((await consume(topic, 2)).map((m) => [m.offset, m.key, m.payload])).toEqual([[0, 'a', before], [1, 'b', after]]);
    expect((await storedCodecs(topic)).inTheLog).toEqual(['snappy', 'zstd']);
  });
});
