import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../broker/log/partition-log.ts';
import { logConfig } from '../../../../broker/log/log-config.ts';
import { iterateBatches } from '../../../../broker/protocol/records/batch-iterator.ts';
import { decodeBatch } from '../../../../broker/protocol/records/record-codec.ts';
import { batchOf, readAllRecords, tempDir } from './log-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let log: PartitionLog | null = null;
beforeEach(() => { dir = tempDir(); });
afterEach(async () => {
  await log?.close();
  log = null;
  dir.remove();
});

const small = logConfig({ segmentBytes: 2048, indexIntervalBytes: 200 });

describe('append and read', () => {
  test('assigns contiguous offsets in call order to concurrent appends', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), small);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => log!.append(batchOf(`b${i}`, 3), { acks: 1 })));
    expect(results.map((r) => r.baseOffset)).toEqual(Array.from({ length: 50 }, (_, i) => i * 3));
    expect(results[49]).toEqual({ baseOffset: 147, lastOffset: 149, logAppendTime: -1 });
    expect(log.logEndOffset).toBe(150);
    expect(log.highWatermark).toBe(150);
    const values = (await readAllRecords(log)).map((r) => r.value?.toString());
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => [0, 1, 2].map((j) => `b${i}-${j}`)).flat());
  });

  test('rolls segments at segment.bytes, names them by base offset, and reads across them', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), small);
    for (let i = 0; i < 40; i++) await log.append(batchOf(`r${i}`, 2, { valueBytes: 30 }), { acks: 1 });
    const logs = readdirSync(join(dir.path, 't-0')).filter((n) => n.endsWith('.log')).sort();
    expect(logs.length).toBeGreaterThan(3);
    expect(logs[0]).toBe('00000000000000000000.log');
    for (const name of logs) expect(name).toMatch(/^\d{20}\.log$/);
    // Every segment holds whole batches and starts at the offset its name says.
    for (const name of logs) {
      const bytes = readFileSync(join(dir.path, 't-0', name));
      expect(bytes.length).toBeLessThanOrEqual(2048);
      expect([...iterateBatches(bytes)][0].header.baseOffset).toBe(Number(name.slice(0, 20)));
    }
    // A read that starts mid-batch, mid-log returns the batch containing the offset.
    const { records } = await log.read(33, 10_000, true);
    const first = [...iterateBatches(records[0])][0];
    expect(first.header.baseOffset).toBe(32);
    expect((await readAllRecords(log, 0)).length).toBe(80);
  });

  test('read honours maxBytes with whole batches and minOneBatch', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    const size = batchOf('x', 1, { valueBytes: 100 }).length;
    for (let i = 0; i < 5; i++) await log.append(batchOf('x', 1, { valueBytes: 100 }), { acks: 1 });
    const two = await log.read(0, size * 2 + size - 1, false);
    expect(Buffer.concat(two.records).length).toBe(size * 2);
    expect((await log.read(0, 10, false)).records).toEqual([]);
    const forced = await log.read(0, 10, true);
    expect([...iterateBatches(Buffer.concat(forced.records))].length).toBe(1);
    expect(forced).toMatchObject({ highWatermark: 5, logStartOffset: 0 });
  });

  test('offset == log end offset returns nothing; beyond it or below the start is OFFSET_OUT_OF_RANGE', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    await log.append(batchOf('a', 2), { acks: 1 });
    expect((await log.read(2, 1000, true)).records).toEqual([]);
    await expect(log.read(3, 1000, true)).rejects.toMatchObject({ errorName: 'OFFSET_OUT_OF_RANGE' });
    await expect(log.read(-1, 1000, true)).rejects.toMatchObject({ errorName: 'OFFSET_OUT_OF_RANGE' });
  });

  test('rejects invalid batches with the Kafka error and assigns no offsets', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ maxMessageBytes: 200 }));
    const corrupt = batchOf('c');
    corrupt[corrupt.length - 1] ^= 1;
    await expect(log!.append(corrupt, { acks: 1 })).rejects.toMatchObject({ errorName: 'CORRUPT_MESSAGE' });
    await expect(log!.append(batchOf('big', 1, { valueBytes: 300 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'MESSAGE_TOO_LARGE' });
    expect((await log.append(batchOf('ok'), { acks: 1 })).baseOffset).toBe(0);
  });

  test('LogAppendTime stamps the batch with the broker clock and a valid CRC', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ messageTimestampType: 'LogAppendTime' }));
    const before = Date.now();
    const result = await log.append(batchOf('t', 2, { timestamp: 1000 }), { acks: 1 });
    expect(result.logAppendTime).toBeGreaterThanOrEqual(before);
    const { records } = await log.read(0, 1000, true);
    const [batch] = [...iterateBatches(records[0])]; // iterateBatches verifies the CRC
    expect(batch.header.attributes & 0x08).toBe(0x08);
    expect(decodeBatch(batch.bytes).records.map((r) => r.timestamp)).toEqual([result.logAppendTime, result.logAppendTime]);
  });

  test('compressed batches are stored byte for byte except baseOffset', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    await log.append(batchOf('first'), { acks: 1 });
    const zstd = batchOf('z', 20, { compression: 'zstd' });
    const original = Buffer.from(zstd);
    await log.append(zstd, { acks: 1 });
    const { records } = await log.read(1, 10_000, true);
    const stored = records[0];
    expect(stored.subarray(8)).toEqual(original.subarray(8));
    expect(stored.readBigInt64BE(0)).toBe(1n);
  });

  test('onAppend listeners fire after data becomes readable and can unsubscribe', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    const seen: number[] = [];
    const unsubscribe = log.onAppend(() => seen.push(log!.highWatermark));
    await log.append(batchOf('a', 2), { acks: 1 });
    unsubscribe();
    await log.append(batchOf('b'), { acks: 1 });
    expect(seen).toEqual([2]);
  });
});

describe('durability', () => {
  test('group commit: 100 concurrent acks=-1 appends share few fsyncs', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => log!.append(batchOf(`d${i}`), { acks: -1 })));
    expect(results.map((r) => r.baseOffset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(log.stats.fsyncs).toBeGreaterThan(0);
    expect(log.stats.fsyncs).toBeLessThanOrEqual(10);
  });

  test('group commit: acks=-1 appends arriving while an fsync is in flight share the next one', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    const pending = [];
    for (let i = 0; i < 100; i++) {
      pending.push(log.append(batchOf(`s${i}`), { acks: -1 }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(pending);
    expect(results.map((r) => r.lastOffset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(log.stats.writes).toBeGreaterThan(1);
    expect(log.stats.fsyncs).toBeLessThan(50);
  });

  test('acks=1 does not fsync; flush.messages and flush.ms trigger background fsyncs', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    for (let i = 0; i < 5; i++) await log.append(batchOf('n'), { acks: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.stats.fsyncs).toBe(0);

    log.updateConfig(logConfig({ flushMessages: 3 }));
    await log.append(batchOf('m', 3), { acks: 1 });
    await waitFor(() => log!.stats.fsyncs === 1);

    log.updateConfig(logConfig({ flushMs: 20 }));
    await log.append(batchOf('t'), { acks: 1 });
    await waitFor(() => log!.stats.fsyncs === 2);
  });

  test('close writes Kafka-format index files that point at batch positions', async () => {
    const path = join(dir.path, 't-0');
    log = await PartitionLog.open(path, logConfig({ indexIntervalBytes: 100 }));
    for (let i = 0; i < 10; i++) await log.append(batchOf(`i${i}`, 2, { valueBytes: 60, timestamp: 5000 + i }), { acks: 1 });
    await log.close();
    log = null;
    const segment = readFileSync(join(path, '00000000000000000000.log'));
    const index = readFileSync(join(path, '00000000000000000000.index'));
    expect(index.length % 8).toBe(0);
    expect(index.length).toBeGreaterThan(0);
    for (let at = 0; at < index.length; at += 8) {
      const [batch] = [...iterateBatches(segment.subarray(index.readInt32BE(at + 4)))];
      expect(batch.header.baseOffset + batch.header.lastOffsetDelta).toBe(index.readInt32BE(at));
    }
    const timeIndex = readFileSync(join(path, '00000000000000000000.timeindex'));
    expect(timeIndex.length % 12).toBe(0);
    expect(Number(timeIndex.readBigInt64BE(timeIndex.length - 12))).toBe(5009);
    expect(timeIndex.readInt32BE(timeIndex.length - 4)).toBe(19);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
