// Finishing what a crash interrupted in the cleaner's swap (see segment-swap.ts), before the
// partition's segments are loaded. Invariant: afterwards each offset is held by exactly one
// segment, either the old ones or the cleaned one.
// - `.cleaned` files: the clean never committed; the old segments are intact. Removed.
// - `<base>.log.swap`: the commit point was passed. The old segments it replaced are those whose
//   base offset lies in [base, the swap's next offset) — the cleaner always keeps a group's last
//   batch, so the swap ends where the replaced segments ended. They are removed and the swap
//   files renamed to their final names (an index that did not make it is rebuilt by recovery).
// - Index `.swap` files without a `.log.swap`: leftovers of an uncommitted swap. Removed.
import { open, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogEvents } from '../log-events.ts';
import {
  INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, fsyncDir, parseSegmentFileName, removeQuietly, segmentPaths, verifyBatches,
} from '../segment-files.ts';
import { CLEANED_SUFFIX, SWAP_SUFFIX } from './cleaned-segment.ts';

export async function completeInterruptedSwaps(dir: string, events: LogEvents): Promise<void> {
  let names = await readdir(dir);
  const interrupted = names.filter((n) => n.endsWith(CLEANED_SUFFIX) || n.endsWith(SWAP_SUFFIX));
  if (interrupted.length === 0) return;
  for (const name of names) if (name.endsWith(CLEANED_SUFFIX)) await removeQuietly(join(dir, name));
  const swapBases = names.map((n) => parseSegmentFileName(n, LOG_SUFFIX + SWAP_SUFFIX)).filter((b): b is number => b !== null).sort((a, b) => a - b);
  for (const base of swapBases) {
    const paths = segmentPaths(dir, base);
    const end = Math.max(await nextOffsetOf(paths.log + SWAP_SUFFIX, base), base + 1);
    for (const name of names) {
      const replaced = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX].some((suffix) => {
        const b = parseSegmentFileName(name, suffix);
        return b !== null && b >= base && b < end;
      });
      if (replaced) await removeQuietly(join(dir, name));
    }
    for (const path of [paths.index, paths.timeIndex, paths.log]) await rename(path + SWAP_SUFFIX, path).catch(() => undefined);
    events.warn({ segment: paths.log, replacedUpTo: end }, 'completed an interrupted log-cleaner swap');
    names = await readdir(dir);
  }
  for (const name of await readdir(dir)) if (name.endsWith(SWAP_SUFFIX)) await removeQuietly(join(dir, name));
  await fsyncDir(dir);
}

/** The offset after the last valid batch of a segment file (`base` when it has none). */
async function nextOffsetOf(path: string, base: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    let next = base;
    for await (const { inspection } of verifyBatches(handle, 0, (await handle.stat()).size)) {
      if (inspection.kind !== 'valid') break;
      next = inspection.header.baseOffset + inspection.header.lastOffsetDelta + 1;
    }
    return next;
  } finally {
    await handle.close();
  }
}
