import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../broker/log/partition-log.ts';
import { logConfig, type LogConfig } from '../../../../broker/log/log-config.ts';
import { enforceRetention } from '../../../../broker/log/retention.ts';
import { RetentionTask } from '../../../../broker/log/retention-task.ts';
import { silentEvents } from '../../../../broker/log/log-events.ts';
import { readAllRecords, tempDir } from './log-fixtures.ts';
import { encodeBatch } from '../../../../broker/protocol/records/record-codec.ts';

let dir: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'events-0');
});
afterEach(() => dir.remove());

const NOW = 1_800_000_000_000;
const base = { segmentBytes: 1000, indexIntervalBytes: 100, fileDeleteDelayMs: 0 };
const logFiles = () => readdirSync(path).filter((n) => n.endsWith('.log')).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One batch of 5 records of ~40 bytes stamped `timestamp` (about 330 bytes: 3 per 1000-byte segment). */
const batchAt = (timestamp: number, label: string) =>
  encodeBatch(Array.from({ length: 5 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`${label}-${i}`.padEnd(40, '.')) })), { timestamp });

async function openWith(overrides: Partial<LogConfig>): Promise<PartitionLog> {
  return PartitionLog.open(path, logConfig({ ...base, ...overrides }));
}

describe('retention by time', () => {
  test('deletes whole segments whose newest record is older than retention.ms, moves and persists the start offset', async () => {
    const log = await openWith({ retentionMs: 60_000 });
    // 12 old batches (4 segments), then 6 recent ones.
    for (let i = 0; i < 12; i++) await log.append(batchAt(NOW - 3_600_000, `old${i}`), { acks: 1 });
    for (let i = 0; i < 6; i++) await log.append(batchAt(NOW - 1_000, `new${i}`), { acks: 1 });
    const before = logFiles().length;
    const outcome = await enforceRetention(log, NOW);
    expect(outcome).toMatchObject({ reason: 'retention.ms', segmentsDeleted: 4 });
    expect(log.logStartOffset).toBe(60);
    expect(logFiles().length).toBe(before - 4);
    await expect(log.read(0, 1000, true)).rejects.toMatchObject({ errorName: 'OFFSET_OUT_OF_RANGE' });
    const records = await readAllRecords(log);
    expect(records[0].offset).toBe(60);
    expect(records.map((r) => r.value?.toString().split('-')[0])).toEqual(Array(30).fill(0).map((_, i) => `new${Math.floor(i / 5)}`));
    await log.close();
    const reopened = await openWith({ retentionMs: 60_000 });
    expect(reopened.logStartOffset).toBe(60);
    await reopened.close();
  });

  test('an entirely expired log rolls its active segment and keeps its end offset', async () => {
    const log = await openWith({ retentionMs: 60_000 });
    for (let i = 0; i < 4; i++) await log.append(batchAt(NOW - 3_600_000, `old${i}`), { acks: 1 });
    const outcome = await enforceRetention(log, NOW);
    expect(outcome.segmentsDeleted).toBe(2);
    expect(log.logStartOffset).toBe(20);
    expect(log.logEndOffset).toBe(20);
    expect(logFiles()).toEqual(['00000000000000000020.log']);
    // Nothing left to delete: the empty active segment stays.
    expect((await enforceRetention(log, NOW)).segmentsDeleted).toBe(0);
    expect((await log.append(batchAt(NOW, 'after'), { acks: 1 })).baseOffset).toBe(20);
    await log.close();
  });

  test('cleanup.policy=compact alone never deletes by retention', async () => {
    const log = await openWith({ retentionMs: 1, cleanupPolicy: ['compact'] });
    for (let i = 0; i < 9; i++) await log.append(batchAt(NOW - 3_600_000, `old${i}`), { acks: 1 });
    expect((await enforceRetention(log, NOW)).segmentsDeleted).toBe(0);
    expect(log.logStartOffset).toBe(0);
    await log.close();
  });

  test('files are renamed .deleted first and removed after file.delete.delay.ms', async () => {
    const log = await openWith({ retentionMs: 60_000, fileDeleteDelayMs: 150 });
    for (let i = 0; i < 6; i++) await log.append(batchAt(NOW - 3_600_000, `old${i}`), { acks: 1 });
    await log.append(batchAt(NOW, 'new'), { acks: 1 });
    await enforceRetention(log, NOW);
    expect(readdirSync(path).filter((n) => n.endsWith('.log.deleted'))).toEqual(['00000000000000000000.log.deleted', '00000000000000000015.log.deleted']);
    await sleep(400);
    expect(readdirSync(path).filter((n) => n.endsWith('.deleted'))).toEqual([]);
    await log.close();
  });
});

describe('retention by size', () => {
  test('deletes the oldest segments while the log stays over retention.bytes', async () => {
    const log = await openWith({ retentionBytes: 2500 });
    for (let i = 0; i < 15; i++) await log.append(batchAt(NOW, `b${i}`), { acks: 1 });
    const total = log.segmentList().reduce((n, s) => n + s.size, 0);
    const outcome = await enforceRetention(log, NOW);
    expect(outcome.reason).toBe('retention.bytes');
    const left = log.segmentList().reduce((n, s) => n + s.size, 0);
    expect(left).toBeGreaterThanOrEqual(2500);
    // Deleting one more segment would have gone below the limit.
    expect(left - log.segmentList()[0].size).toBeLessThan(2500);
    expect(total - left).toBe(outcome.bytesDeleted);
    expect((await readAllRecords(log))[0].offset).toBe(log.logStartOffset);
    await log.close();
  });

  test('runs while producers and consumers keep going, and reads never see a gap', async () => {
    const log = await openWith({ retentionBytes: 3000 });
    const task = new RetentionTask({ logs: () => [log], intervalMs: 5, events: silentEvents });
    task.start();
    let stop = false;
    const producer = (async () => {
      for (let i = 0; i < 300; i++) await log.append(batchAt(NOW, `p${i}`), { acks: 1 });
      stop = true;
    })();
    const problems: string[] = [];
    const consumer = (async () => {
      let next = 0;
      while (!stop) {
        try {
          const records = await readAllRecords(log, Math.max(next, log.logStartOffset));
          for (let i = 1; i < records.length; i++) if (records[i].offset !== records[i - 1].offset + 1) problems.push(`gap at ${records[i].offset}`);
          next = records.length > 0 ? records[records.length - 1].offset + 1 : next;
        } catch (err) {
          if ((err as { errorName?: string }).errorName !== 'OFFSET_OUT_OF_RANGE') problems.push(String(err));
        }
        await sleep(1);
      }
    })();
    await Promise.all([producer, consumer]);
    await task.stop();
    await task.runOnce();
    expect(problems).toEqual([]);
    expect(log.logStartOffset).toBeGreaterThan(1000);
    expect(log.logEndOffset).toBe(1500);
    expect(log.segmentList().reduce((n, s) => n + s.size, 0)).toBeLessThan(3000 + 1000);
    await log.close();
  });
});
