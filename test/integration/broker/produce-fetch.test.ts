import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let client: WireClient;
beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  client = await WireClient.connect(broker.broker.port);
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

const batchOf = (values: string[], compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' = 'none') =>
  encodeBatch(values.map((v, i) => ({ key: i % 2 ? null : Buffer.from(`k${i}`), value: Buffer.from(v), headers: [{ key: 'h', value: Buffer.from(v) }] })),
    { compression, timestamp: 1_700_000_000_000 });

describe('produce and fetch', () => {
  test('batches get consecutive offsets and come back byte for byte (but for the base offset)', async () => {
    await createTopic(client, 'plain');
    const first = batchOf(['a', 'b', 'c']);
    const second = batchOf(['d', 'e']);
    expect(await produce(client, 'plain', 0, Buffer.from(first))).toMatchObject({ errorCode: 0, baseOffset: 0, logStartOffset: 0 });
    expect(await produce(client, 'plain', 0, Buffer.from(second))).toMatchObject({ errorCode: 0, baseOffset: 3 });

    const response = await fetch(client, 'plain', 0, 0);
    const partition = response.responses[0].partitions[0];
    expect(partition).toMatchObject({ errorCode: 0, highWatermark: 5, logStartOffset: 0, lastStableOffset: 5 });
    const records = partition.records as Buffer;
    expect(records.length).toBe(first.length + second.length);
    // Only the base offset (bytes 0-7) differs from what was produced; the CRC still holds.
    expect(records.subarray(8, first.length)).toEqual(first.subarray(8));
    expect(records.readBigInt64BE(first.length)).toBe(3n);
    const values = [...decodeBatch(records.subarray(0, first.length)).records, ...decodeBatch(records.subarray(first.length)).records]
      .map((r) => [r.offset, r.value?.toString()]);
    expect(values).toEqual([[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [4, 'e']]);
  });

  test.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('a %s batch is stored and served unchanged', async (codec) => {
    await createTopic(client, `codec-${codec}`);
    const batch = batchOf(['x'.repeat(1000), 'y'.repeat(1000)], codec);
    expect(await produce(client, `codec-${codec}`, 0, Buffer.from(batch))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const records = (await fetch(client, `codec-${codec}`, 0, 0)).responses[0].partitions[0].records as Buffer;
    expect(records).toEqual(batch);
    expect(decodeBatch(records).records.map((r) => r.value?.length)).toEqual([1000, 1000]);
  });

  test('a corrupted batch is rejected with CORRUPT_MESSAGE (2) and nothing is appended', async () => {
    await createTopic(client, 'corrupt');
    const batch = batchOf(['good']);
    batch[batch.length - 1] ^= 0xff;
    expect((await produce(client, 'corrupt', 0, batch)).errorCode).toBe(2);
    expect((await fetch(client, 'corrupt', 0, 0)).responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 0 });
  });

  test('unknown topics and partitions are UNKNOWN_TOPIC_OR_PARTITION (3)', async () => {
    expect((await produce(client, 'missing', 0, batchOf(['a']))).errorCode).toBe(3);
    await createTopic(client, 'one-partition');
    expect((await produce(client, 'one-partition', 7, batchOf(['a']))).errorCode).toBe(3);
    expect((await fetch(client, 'missing', 0, 0)).responses[0].partitions[0].errorCode).toBe(3);
  });

  test('a batch over max.message.bytes is MESSAGE_TOO_LARGE (10)', async () => {
    await createTopic(client, 'small', 1, { 'max.message.bytes': '1000' });
    expect((await produce(client, 'small', 0, batchOf(['z'.repeat(2000)]))).errorCode).toBe(10);
  });

  test('fetching past the end is OFFSET_OUT_OF_RANGE (1) with the watermarks', async () => {
    await createTopic(client, 'range');
    await produce(client, 'range', 0, batchOf(['a', 'b']));
    expect((await fetch(client, 'range', 0, 5)).responses[0].partitions[0]).toMatchObject({ errorCode: 1, highWatermark: 2, logStartOffset: 0 });
    // At the end of the log: no error and an empty (not null) record set, as Kafka answers.
    const atEnd = (await fetch(client, 'range', 0, 2)).responses[0].partitions[0];
    expect(atEnd.errorCode).toBe(0);
    expect(atEnd.records).toEqual(Buffer.alloc(0));
  });

  test('a fetch waits for data up to maxWaitMs and returns as soon as a produce arrives', async () => {
    await createTopic(client, 'longpoll');
    const consumer = await WireClient.connect(broker.broker.port);
    const started = Date.now();
    const pending = fetch(consumer, 'longpoll', 0, 0, { maxWaitMs: 5000, minBytes: 1 });
    await new Promise((r) => setTimeout(r, 200));
    await produce(client, 'longpoll', 0, batchOf(['late']));
    const response = await pending;
    consumer.close();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(4000);
    expect(decodeBatch(response.responses[0].partitions[0].records as Buffer).records[0].value?.toString()).toBe('late');
  });

  test('an empty fetch returns after maxWaitMs', async () => {
    await createTopic(client, 'idle');
    const started = Date.now();
    const response = await fetch(client, 'idle', 0, 0, { maxWaitMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 0 });
  });

  test('maxBytes is respected but at least one whole batch is always returned', async () => {
    await createTopic(client, 'sizes');
    const big = batchOf(['q'.repeat(5000)]);
    await produce(client, 'sizes', 0, Buffer.from(big));
    await produce(client, 'sizes', 0, Buffer.from(big));
    const tiny = (await fetch(client, 'sizes', 0, 0, { partitionMaxBytes: 100 })).responses[0].partitions[0].records as Buffer;
    expect(tiny.length).toBe(big.length);
    const both = (await fetch(client, 'sizes', 0, 0, { partitionMaxBytes: 2 * big.length })).responses[0].partitions[0].records as Buffer;
    expect(both.length).toBe(2 * big.length);
  });

  test('LogAppendTime topics stamp the broker time on the batch', async () => {
    await createTopic(client, 'append-time', 1, { 'message.timestamp.type': 'LogAppendTime' });
    const before = Date.now();
    const answer = await produce(client, 'append-time', 0, batchOf(['t']));
    expect(answer.logAppendTimeMs).toBeGreaterThanOrEqual(before);
    const records = (await fetch(client, 'append-time', 0, 0)).responses[0].partitions[0].records as Buffer;
    const decoded = decodeBatch(records);
    expect(decoded.records[0].timestamp).toBe(answer.logAppendTimeMs);
  });

  test('acks=0 gets no response, yet the data is appended', async () => {
    await createTopic(client, 'fire-and-forget');
    const producer = await WireClient.connect(broker.broker.port);
    void producer.send(0, 9, (await import('../../../broker/protocol/generated/produce.ts')).encodeProduceRequest, {
      transactionalId: null, acks: 0, timeoutMs: 1000,
      topicData: [{ name: 'fire-and-forget', partitionData: [{ index: 0, records: batchOf(['quiet']) }] }],
    }).catch(() => undefined);
    let hw = 0;
    for (let i = 0; i < 50 && hw === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      hw = Number((await fetch(client, 'fire-and-forget', 0, 0)).responses[0].partitions[0].highWatermark);
    }
    producer.close();
    expect(hw).toBe(1);
  });

  test('zstd batches need Produce v7+, and zstd topics Fetch v10+ (UNSUPPORTED_COMPRESSION_TYPE, 76), as in Kafka', async () => {
    await createTopic(client, 'zstd-versions');
    expect((await produce(client, 'zstd-versions', 0, batchOf(['z'], 'zstd'), -1, 6)).errorCode).toBe(76);
    expect((await produce(client, 'zstd-versions', 0, batchOf(['z'], 'zstd'), -1, 7)).errorCode).toBe(0);
    // compression.type=producer (the default): zstd batches are served to any version.
    expect((await fetch(client, 'zstd-versions', 0, 0, { version: 9 })).responses[0].partitions[0].errorCode).toBe(0);
    await createTopic(client, 'zstd-topic', 1, { 'compression.type': 'zstd' });
    expect((await fetch(client, 'zstd-topic', 0, 0, { version: 9 })).responses[0].partitions[0].errorCode).toBe(76);
    expect((await fetch(client, 'zstd-topic', 0, 0, { version: 10 })).responses[0].partitions[0].errorCode).toBe(0);
  });
});
