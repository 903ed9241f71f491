// Rebuilding a partition's producer state when its log opens: the newest usable snapshot, then
// every batch from the snapshot's offset to the log end replayed from the segments (headers only).
// Without a usable snapshot (first start, crash before any roll, unreadable files) the whole log
// is replayed, so the state always matches the recovered log.
//
// Invariant: a snapshot never describes batches the log does not hold. One whose offset is past
// the recovered log end (written at a roll whose batches a crash then tore off) is deleted, or
// its state would reject the producer's legitimate resends of those lost batches as duplicates.
import type { LogEvents } from './log-events.ts';
import type { LogSegment } from './log-segment.ts';
import { ProducerStateManager, type ProducerEntry } from './producer-state.ts';
import { deleteSnapshot, listSnapshots, readSnapshot } from './producer-state-snapshot.ts';
import { scanBatchHeaders } from './segment-files.ts';

export type ProducerStateLoad = {
  dir: string;
  segments: readonly LogSegment[];
  logStartOffset: number;
  logEndOffset: number;
  producerIdExpirationMs?: number;
  events: LogEvents;
  now?: number;
};

export async function loadProducerState(load: ProducerStateLoad): Promise<ProducerStateManager> {
  const { dir, segments, logEndOffset, events } = load;
  let snapshotOffset: number | null = null;
  let entries: ProducerEntry[] = [];
  // Newest first: the ones past the log end come first and are dropped; older ones stay as fallbacks.
  for (const offset of await listSnapshots(dir)) {
    if (offset > logEndOffset) {
      await deleteSnapshot(dir, offset);
      continue;
    }
    try {
      entries = await readSnapshot(dir, offset);
      snapshotOffset = offset;
      break;
    } catch (err) {
      events.warn({ err, dir, offset }, 'ignoring unreadable producer state snapshot');
      await deleteSnapshot(dir, offset);
    }
  }
  const state = new ProducerStateManager({ producerIdExpirationMs: load.producerIdExpirationMs, entries });
  await replaySegments(state, segments, snapshotOffset ?? segments[0].baseOffset);
  state.removeExpired(load.now ?? Date.now(), load.logStartOffset);
  return state;
}

/** Applies every batch whose last offset is at or after `from`. */
async function replaySegments(state: ProducerStateManager, segments: readonly LogSegment[], from: number): Promise<void> {
  for (const segment of segments) {
    if (segment.nextOffset <= from || segment.size === 0) continue;
    const start = from > segment.baseOffset ? segment.offsetIndex.lookup(from) : 0;
    for await (const { header } of scanBatchHeaders(await segment.fileHandle(), start, segment.size)) {
      if (header.baseOffset + header.lastOffsetDelta >= from) state.replay(header);
    }
  }
}
