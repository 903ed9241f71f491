// Swapping a cleaned segment into a live log, in Kafka's order, so a crash at any point leaves a
// log that recovery (swap-recovery.ts) turns into either the old segments or the cleaned one,
// never a mix and never a loss:
//   1. `.cleaned` files are complete and fsync'd (cleaned-segment.ts);
//   2. rename them `.swap`, indexes first, the `.log` last: a `.log.swap` means "commit";
//   3. in memory, the cleaned segment replaces the old ones; the old files are renamed `.deleted`
//      (removed after file.delete.delay.ms, so in-flight reads finish);
//   4. rename the `.swap` files to their final names, the `.log` last again.
import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LogSegment } from '../log-segment.ts';
import type { PartitionLog } from '../partition-log.ts';
import { fsyncDir } from '../segment-files.ts';
import { CLEANED_SUFFIX, SWAP_SUFFIX } from './cleaned-segment.ts';

/** Test hook: called after each numbered step, so a test can stop a swap half way. */
export type SwapStepHook = (step: 'swap-files-written' | 'segments-replaced') => Promise<void>;

/** Swaps `cleaned` in for `old`. Returns false (nothing changed on disk but the `.cleaned` files) if the log moved on. */
export async function swapIn(log: PartitionLog, old: readonly LogSegment[], cleaned: LogSegment, hook?: SwapStepHook): Promise<boolean> {
  return log.underMaintenance(async () => {
    if (log.isClosed || !old.every((s) => log.segmentList().includes(s))) return false;
    // Old segments opened lazily must hold their file before it is renamed away under them.
    for (const segment of old) await segment.fileHandle();
    const paths = cleaned.paths;
    const files = [paths.index, paths.timeIndex, paths.log];
    for (const path of files) await rename(path + CLEANED_SUFFIX, path + SWAP_SUFFIX);
    await fsyncDir(dirname(paths.log));
    await hook?.('swap-files-written');
    if (!(await log.replaceSegments(old, cleaned))) {
      for (const path of files) await rename(path + SWAP_SUFFIX, path + CLEANED_SUFFIX);
      return false;
    }
    await hook?.('segments-replaced');
    for (const path of files) await rename(path + SWAP_SUFFIX, path);
    await fsyncDir(dirname(paths.log));
    return true;
  });
}
