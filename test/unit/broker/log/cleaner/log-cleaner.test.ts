import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PartitionLog } from '../../../../../broker/log/partition-log.ts';
import { logConfig, type LogConfig } from '../../../../../broker/log/log-config.ts';
import { iterateBatches } from '../../../../../broker/protocol/records/batch-iterator.ts';
import { compressionCodecOf, DELETE_HORIZON_MASK } from '../../../../../broker/protocol/records/batch-header.ts';
import { readAllRecords, tempDir } from '../log-fixtures.ts';
import { NOW, cleanerFor, keyed, latestByKey, settled } from './cleaner-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'table-0');
});
afterEach(() => dir.remove());

const compacted = (overrides: Partial<LogConfig> = {}) => logConfig({
  segmentBytes: 2000, indexIntervalBytes: 200, fileDeleteDelayMs: 0, cleanupPolicy: ['compact'], minCleanableDirtyRatio: 0.1, ...overrides,
});

/** Writes `rounds` updates of keys k0..k9 (value `r<round>-k<i>`), one batch per round of 10 keys. */
async function updateKeys(log: PartitionLog, rounds: number, options: Parameters<typeof keyed>[1] = {}): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    await log.append(keyed(Array.from({ length: 10 }, (_, i) => [`k${i}`, `r${r}-k${i}`]), options), { acks: 1 });
  }
}

describe('compaction', () => {
  test('keeps only the latest record per key, at its original offset, readable from the start', async () => {
    const log = await PartitionLog.open(path, compacted());
    await updateKeys(log, 30);
    const before = await readAllRecords(log);
    const bytesBefore = log.segmentList().reduce((n, s) => n + s.size, 0);
    await settled(log);
    const passes = await cleanerFor(log).cleanUntilDone();
    expect(passes).toBeGreaterThan(0);

    const after = await readAllRecords(log, 0);
    const active = log.segmentList().at(-1)!;
    const cleanPart = after.filter((r) => r.offset < active.baseOffset);
    // Every key appears once in the cleaned part, and each record kept its offset and value.
    expect(new Set(cleanPart.map((r) => r.key?.toString())).size).toBe(cleanPart.length);
    const original = new Map(before.map((r) => [r.offset, r.value?.toString()]));
    for (const r of after) expect(r.value?.toString()).toBe(original.get(r.offset));
    expect(latestByKey(after)).toEqual(latestByKey(before));
    expect(log.logEndOffset).toBe(300);
    expect(log.segmentList().reduce((n, s) => n + s.size, 0)).toBeLessThan(bytesBefore / 3);
    expect(readFileSync(join(path, 'cleaner-offset-checkpoint'), 'utf8').split('\n').slice(0, 3)).toEqual(['0', '1', String(active.baseOffset)]);
    await log.close();

    // The cleaned log reopens (indexes trusted or rebuilt) with the same content.
    const reopened = await PartitionLog.open(path, compacted());
    expect((await readAllRecords(reopened, 0)).map((r) => r.offset)).toEqual(after.map((r) => r.offset));
    await reopened.close();
  });

  test('a log under min.cleanable.dirty.ratio is left alone', async () => {
    const log = await PartitionLog.open(path, compacted({ minCleanableDirtyRatio: 0.99 }));
    await updateKeys(log, 1);
    await log.append(keyed([['k0', 'x']]), { acks: 1 });
    await settled(log);
    expect(await cleanerFor(log).cleanOnce()).toBeNull();
    await log.close();
  });

  test.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('%s batches are filtered and recompressed with the same codec', async (codec) => {
    // Compressed batches are small: small segments, so most of them are cleanable.
    const log = await PartitionLog.open(path, compacted({ segmentBytes: 400 }));
    await updateKeys(log, 20, { compression: codec });
    const before = await readAllRecords(log);
    await settled(log);
    await cleanerFor(log).cleanUntilDone();
    const chunks = (await log.read(0, 1 << 20, true)).records;
    const codecs = new Set(chunks.flatMap((c) => [...iterateBatches(c)].filter((b) => b.header.recordsCount > 0).map((b) => compressionCodecOf(b.header.attributes))));
    expect(codecs).toEqual(new Set([codec]));
    const after = await readAllRecords(log, 0);
    const cleanPart = after.filter((r) => r.offset < log.segmentList().at(-1)!.baseOffset);
    expect(cleanPart.length).toBeGreaterThan(0);
    expect(new Set(cleanPart.map((r) => r.key?.toString())).size).toBe(cleanPart.length);
    expect(after.length).toBeLessThan(before.length);
    expect(latestByKey(after)).toEqual(latestByKey(before));
    await log.close();
  });

  test('records newer than min.compaction.lag.ms are not compacted', async () => {
    const log = await PartitionLog.open(path, compacted({ minCompactionLagMs: 60_000 }));
    await updateKeys(log, 10, { timestamp: NOW - 3_600_000 });
    await updateKeys(log, 10, { timestamp: NOW - 1_000 });
    await log.append(keyed([['k0', 'last']], { timestamp: NOW }), { acks: 1 });
    await settled(log);
    // Segments holding only old records are cleanable; the first one holding a recent record
    // and everything after it are not.
    const firstRecent = log.segmentList().find((s) => s.maxTimestamp > NOW - 60_000)!;
    await cleanerFor(log).cleanUntilDone();
    const after = await readAllRecords(log, 0);
    const recent = after.filter((r) => r.timestamp >= NOW - 60_000);
    // All 101 recent records survive, even though every one of them but the last is superseded.
    expect(recent.length).toBe(101);
    const cleaned = after.filter((r) => r.offset < firstRecent.baseOffset);
    expect(cleaned.length).toBe(10);
    expect(after.length).toBeLessThan(201 - 50);
    await log.close();
  });
});

describe('tombstones', () => {
  test('are kept with a delete horizon until delete.retention.ms passed, then removed', async () => {
    const log = await PartitionLog.open(path, compacted({ deleteRetentionMs: 60_000 }));
    await updateKeys(log, 10);
    await log.append(keyed([['k1', null], ['k2', null]]), { acks: 1 });
    await updateKeys(log, 10);
    await log.append(keyed([['k3', null]]), { acks: 1 });
    // Other keys after it, so the tombstone's segment is no longer the active one.
    for (let i = 0; i < 8; i++) await log.append(keyed(Array.from({ length: 10 }, (_, j) => [`f${j}`, `filler${i}`])), { acks: 1 });
    await settled(log);

    await cleanerFor(log, NOW).cleanUntilDone();
    let records = await readAllRecords(log, 0);
    const tombstones = records.filter((r) => r.value === null);
    expect(tombstones.map((r) => r.key?.toString())).toEqual(['k3']);
    // The batch holding the kept tombstone carries the horizon bit and now + delete.retention.ms.
    const chunks = (await log.read(0, 1 << 20, true)).records;
    const withHorizon = chunks.flatMap((c) => [...iterateBatches(c)]).filter((b) => (b.header.attributes & DELETE_HORIZON_MASK) !== 0);
    expect(withHorizon.map((b) => b.header.baseTimestamp)).toEqual([NOW + 60_000]);
    // Record timestamps are unchanged by the horizon rewrite.
    expect(tombstones[0].timestamp).toBe(NOW - 10_000);

    // Before the horizon, another pass keeps it; after it, the tombstone goes.
    await cleanerFor(log, NOW + 30_000).cleanUntilDone();
    expect((await readAllRecords(log, 0)).filter((r) => r.value === null).length).toBe(1);
    const passes = await cleanerFor(log, NOW + 61_000).cleanUntilDone();
    expect(passes).toBeGreaterThan(0);
    records = await readAllRecords(log, 0);
    expect(records.filter((r) => r.value === null)).toEqual([]);
    expect([...latestByKey(records).keys()].filter((k) => k.startsWith('k')).sort()).toEqual(['k0', 'k1', 'k2', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    await log.close();
  });
});
