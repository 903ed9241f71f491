import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../broker/log/partition-log.ts';
import { logConfig } from '../../../../broker/log/log-config.ts';
import { batchOf, readAllRecords, tempDir } from './log-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'orders-0');
});
afterEach(() => dir.remove());

const config = logConfig({ segmentBytes: 3000, indexIntervalBytes: 150 });

/** Writes `batches` batches of 2 records each, closes the log, returns the segment file names. */
async function writeLog(batches: number): Promise<string[]> {
  const log = await PartitionLog.open(path, config);
  for (let i = 0; i < batches; i++) await log.append(batchOf(`v${i}`, 2, { valueBytes: 40, timestamp: 10_000 + i }), { acks: 1 });
  await log.close();
  return readdirSync(path).filter((n) => n.endsWith('.log')).sort();
}

async function reopenAndReadValues(): Promise<{ values: string[]; offsets: number[]; log: PartitionLog }> {
  const log = await PartitionLog.open(path, config);
  const records = await readAllRecords(log, 0);
  return { values: records.map((r) => r.value!.toString().replace(/\.+$/, '')), offsets: records.map((r) => r.offset), log };
}

const expectedValues = (batches: number): string[] => Array.from({ length: batches }, (_, i) => [`v${i}-0`, `v${i}-1`]).flat();

describe('recovery on open', () => {
  test('a clean reopen keeps everything', async () => {
    await writeLog(60);
    const { values, offsets, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(60));
    expect(offsets).toEqual(Array.from({ length: 120 }, (_, i) => i));
    await log.close();
  });

  test('a batch torn mid-way at the end of the active segment is truncated; earlier batches survive', async () => {
    const segments = await writeLog(60);
    const active = join(path, segments[segments.length - 1]);
    const size = statSync(active).size;
    truncateSync(active, size - 25);
    const { values, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(59));
    expect(log.logEndOffset).toBe(118);
    // The torn bytes are gone from the file and the next append lands right after the valid data.
    expect((await log.append(batchOf('after'), { acks: 1 })).baseOffset).toBe(118);
    await log.close();
  });

  test('garbage after the last valid batch is truncated', async () => {
    const segments = await writeLog(30);
    const active = join(path, segments[segments.length - 1]);
    const validSize = statSync(active).size;
    appendFileSync(active, Buffer.from('this is not a record batch, just junk bytes after a crash'.repeat(3)));
    const { values, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(30));
    expect(statSync(active).size).toBe(validSize);
    await log.close();
  });

  test('a batch whose bytes were damaged (CRC mismatch) ends the valid prefix of the active segment', async () => {
    const segments = await writeLog(30);
    const active = join(path, segments[segments.length - 1]);
    const bytes = readFileSync(active);
    bytes[bytes.length - 5] ^= 0x55; // inside the last batch's records
    writeFileSync(active, bytes);
    const { values, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(29));
    await log.close();
  });

  test('deleted index files are rebuilt and lookups still find every offset', async () => {
    const segments = await writeLog(60);
    expect(segments.length).toBeGreaterThan(2);
    for (const name of readdirSync(path)) if (name.endsWith('.index') || name.endsWith('.timeindex')) unlinkSync(join(path, name));
    const { values, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(60));
    for (const offset of [0, 17, 64, 101, 119]) {
      const { records } = await log.read(offset, 1, true);
      expect(Number(records[0].readBigInt64BE(0))).toBe(offset - (offset % 2));
    }
    expect(await log.offsetForTimestamp(10_042)).toEqual({ offset: 84, timestamp: 10_042 });
    await log.close();
    // Rebuilt index files were written back for the inactive segments.
    expect(readdirSync(path).filter((n) => n.endsWith('.index')).length).toBe(segments.length);
  });

  test('a stale index (entries pointing at the wrong batches) is detected and rebuilt', async () => {
    const segments = await writeLog(60);
    const indexPath = join(path, segments[0].replace('.log', '.index'));
    const index = readFileSync(indexPath);
    index.writeInt32BE(index.readInt32BE(index.length - 8) + 1, index.length - 8); // last entry names an offset its batch does not end at
    writeFileSync(indexPath, index);
    const { values, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(60));
    await log.close();
  });

  test('an empty or half-written index entry is treated as stale', async () => {
    const segments = await writeLog(60);
    writeFileSync(join(path, segments[0].replace('.log', '.index')), Buffer.from([0, 0, 0]));
    const { values, log } = await reopenAndReadValues();
    expect(values).toEqual(expectedValues(60));
    await log.close();
  });

  test('leftover .deleted and .tmp files are removed', async () => {
    await writeLog(3);
    writeFileSync(join(path, '00000000000000000000.log.deleted'), 'old');
    writeFileSync(join(path, 'log-start-offset-checkpoint.tmp'), 'partial');
    const log = await PartitionLog.open(path, config);
    expect(readdirSync(path).some((n) => n.endsWith('.deleted') || n.endsWith('.tmp'))).toBe(false);
    await log.close();
  });
});
