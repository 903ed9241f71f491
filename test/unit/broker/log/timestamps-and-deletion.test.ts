import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../broker/log/partition-log.ts';
import { logConfig } from '../../../../broker/log/log-config.ts';
import { encodeBatch } from '../../../../broker/protocol/records/record-codec.ts';
import { batchOf, readAllRecords, tempDir } from './log-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'events-0');
});
afterEach(() => dir.remove());

const config = logConfig({ segmentBytes: 1500, indexIntervalBytes: 100 });

describe('offsetForTimestamp and maxTimestamp', () => {
  test('finds the first record at or after a timestamp, across segments and inside compressed batches', async () => {
    const log = await PartitionLog.open(path, config);
    expect(log.maxTimestamp()).toEqual({ offset: -1, timestamp: -1 });
    expect(await log.offsetForTimestamp(0)).toBeNull();
    // Batch i holds records stamped 1000 + 10i, 1000 + 10i + 3, 1000 + 10i + 6.
    for (let i = 0; i < 30; i++) {
      const records = [0, 3, 6].map((d) => ({ value: Buffer.from(`e${i}-${d}`), timestamp: 1000 + 10 * i + d }));
      await log.append(encodeBatch(records, { compression: i % 2 === 0 ? 'gzip' : 'none' }), { acks: 1 });
    }
    expect(readdirSync(path).filter((n) => n.endsWith('.log')).length).toBeGreaterThan(2);
    expect(await log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1000 });
    expect(await log.offsetForTimestamp(1000 + 10 * 17 + 4)).toEqual({ offset: 17 * 3 + 2, timestamp: 1000 + 10 * 17 + 6 });
    expect(await log.offsetForTimestamp(1000 + 10 * 25)).toEqual({ offset: 75, timestamp: 1250 });
    expect(await log.offsetForTimestamp(5000)).toBeNull();
    await log.close();
  });

  test('maxTimestamp names the record holding the largest timestamp, not its batch', async () => {
    const log = await PartitionLog.open(path, config);
    await log.append(encodeBatch([{ value: Buffer.from('a'), timestamp: 100 }, { value: Buffer.from('b'), timestamp: 900 }, { value: Buffer.from('c'), timestamp: 300 }], { compression: 'snappy' }), { acks: 1 });
    await log.append(encodeBatch([{ value: Buffer.from('d'), timestamp: 500 }]), { acks: 1 });
    expect(log.maxTimestamp()).toEqual({ offset: 1, timestamp: 900 });
    await log.close();
    const reopened = await PartitionLog.open(path, config);
    expect(reopened.maxTimestamp()).toEqual({ offset: 1, timestamp: 900 });
    await reopened.close();
  });
});

describe('deleteRecordsBefore', () => {
  test('advances the log start offset, deletes whole segments below it, and survives a reopen', async () => {
    let log = await PartitionLog.open(path, logConfig({ ...config, fileDeleteDelayMs: 0 }));
    for (let i = 0; i < 40; i++) await log.append(batchOf(`d${i}`, 2, { valueBytes: 20 }), { acks: 1 });
    const segmentsBefore = readdirSync(path).filter((n) => n.endsWith('.log')).length;
    expect(await log.deleteRecordsBefore(51)).toBe(51);
    expect(log.logStartOffset).toBe(51);
    await expect(log.read(50, 100, true)).rejects.toMatchObject({ errorName: 'OFFSET_OUT_OF_RANGE' });
    await expect(log.deleteRecordsBefore(81)).rejects.toMatchObject({ errorName: 'OFFSET_OUT_OF_RANGE' });
    expect(await log.deleteRecordsBefore(10)).toBe(51);
    expect((await readAllRecords(log))[0].offset).toBe(51);
    await log.close();

    const segmentsAfter = readdirSync(path).filter((n) => n.endsWith('.log'));
    expect(segmentsAfter.length).toBeLessThan(segmentsBefore);
    expect(Number(segmentsAfter.sort()[0].slice(0, 20))).toBeLessThanOrEqual(51);

    log = await PartitionLog.open(path, config);
    expect(log.logStartOffset).toBe(51);
    expect(log.logEndOffset).toBe(80);
    const records = await readAllRecords(log);
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 29 }, (_, i) => 51 + i));
    await log.close();
  });
});
