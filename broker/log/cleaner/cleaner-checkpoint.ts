// How far the cleaner has cleaned a log: Kafka's `cleaner-offset-checkpoint`. Kafka keeps one
// per log dir listing every partition; like log-start-offset-checkpoint (see
// ../log-start-offset.ts and the partition-log ADR) ours lives in the partition directory, so a
// partition carries its own state. Same text shape (version, entry count, offset), plus one line
// Kafka does not have: the earliest delete horizon of the tombstones left in the log, so that a
// restarted broker still knows when they are due for removal. Written atomically: a crash leaves
// the old checkpoint or the new one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomically } from '../segment-files.ts';

export const CLEANER_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';

export type CleanerCheckpoint = {
  /** The first offset not yet cleaned. */
  offset: number;
  /** When the earliest kept tombstone may go, or null if none is kept. */
  tombstoneHorizon: number | null;
};

/** The checkpoint, or "nothing cleaned" when there is none or it is unreadable. */
export async function readCleanerCheckpoint(dir: string): Promise<CleanerCheckpoint> {
  let text: string;
  try {
    text = await readFile(join(dir, CLEANER_CHECKPOINT_FILE), 'utf8');
  } catch {
    return { offset: 0, tombstoneHorizon: null };
  }
  const [version, count, value, horizonLine = ''] = text.split('\n');
  const offset = Number(value);
  // A bad checkpoint only costs a full re-clean, never data: treat it as "nothing cleaned".
  if (version !== '0' || count !== '1' || !Number.isSafeInteger(offset) || offset < 0) return { offset: 0, tombstoneHorizon: null };
  const horizon = /^tombstone-horizon (\d+)$/.exec(horizonLine);
  return { offset, tombstoneHorizon: horizon === null ? null : Number(horizon[1]) };
}

export async function writeCleanerCheckpoint(dir: string, checkpoint: CleanerCheckpoint): Promise<void> {
  const horizon = checkpoint.tombstoneHorizon === null ? '' : `tombstone-horizon ${checkpoint.tombstoneHorizon}\n`;
  await writeFileAtomically(join(dir, CLEANER_CHECKPOINT_FILE), `0\n1\n${checkpoint.offset}\n${horizon}`);
  await fsyncDir(dir);
}
