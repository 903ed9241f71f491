import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../../broker/log/partition-log.ts';
import { logConfig } from '../../../../../broker/log/log-config.ts';
import { readAllRecords, tempDir } from '../log-fixtures.ts';
import { cleanerFor, keyed, latestByKey, NOW, settled } from './cleaner-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'table-0');
});
afterEach(() => dir.remove());

const config = logConfig({ segmentBytes: 2000, indexIntervalBytes: 200, fileDeleteDelayMs: 60_000, cleanupPolicy: ['compact'], minCleanableDirtyRatio: 0.1 });

async function filledLog(): Promise<{ log: PartitionLog; expected: Map<string, string | null> }> {
  const log = await PartitionLog.open(path, config);
  for (let r = 0; r < 30; r++) await log.append(keyed(Array.from({ length: 10 }, (_, i) => [`k${i}`, `r${r}-k${i}`])), { acks: 1 });
  await settled(log);
  return { log, expected: latestByKey(await readAllRecords(log)) };
}

/** Offsets strictly increase from the log start to its end: no segment was lost or doubled. */
function expectConsistent(records: Awaited<ReturnType<typeof readAllRecords>>, end: number): void {
  for (let i = 1; i < records.length; i++) expect(records[i].offset).toBeGreaterThan(records[i - 1].offset);
  expect(records.at(-1)!.offset).toBe(end - 1);
}

describe('a crash in the middle of a clean', () => {
  test.each(['swap-files-written', 'segments-replaced'] as const)('after %s: reopening completes the swap', async (crashAt) => {
    const { log, expected } = await filledLog();
    const crash = async (step: string) => {
      if (step === crashAt) throw new Error('simulated crash');
    };
    await expect(cleanerFor(log, NOW, crash).cleanOnce()).rejects.toThrow('simulated crash');
    expect(readdirSync(path).some((n) => n.endsWith('.log.swap'))).toBe(true);

    // The crashed process's files stay as they are; a new process opens the directory.
    const reopened = await PartitionLog.open(path, config);
    expect(readdirSync(path).filter((n) => n.endsWith('.swap') || n.endsWith('.cleaned'))).toEqual([]);
    const records = await readAllRecords(reopened, 0);
    expectConsistent(records, 300);
    expect(latestByKey(records)).toEqual(expected);
    // The first group really was replaced by its cleaned version: its keys appear once each.
    const firstNext = reopened.segmentList()[1].baseOffset;
    const firstGroup = records.filter((r) => r.offset < firstNext);
    expect(new Set(firstGroup.map((r) => r.key?.toString())).size).toBe(firstGroup.length);
    await reopened.close();
    await log.close();
  });

  test('leftover .cleaned files (crash before the commit point) are discarded and the old segments kept', async () => {
    const { log, expected } = await filledLog();
    const before = await readAllRecords(log);
    await log.close();
    copyFileSync(join(path, '00000000000000000000.log'), join(path, '00000000000000000000.log.cleaned'));
    writeFileSync(join(path, '00000000000000000000.index.swap'), Buffer.alloc(8));
    const reopened = await PartitionLog.open(path, config);
    expect(readdirSync(path).filter((n) => n.endsWith('.swap') || n.endsWith('.cleaned'))).toEqual([]);
    const records = await readAllRecords(reopened, 0);
    expect(records.map((r) => r.offset)).toEqual(before.map((r) => r.offset));
    expect(latestByKey(records)).toEqual(expected);
    await reopened.close();
  });
});
