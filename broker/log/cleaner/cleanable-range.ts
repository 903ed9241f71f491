// Which part of a log the cleaner may touch, and how dirty it is (Kafka's LogToClean and
// LogCleanerManager.cleanableOffsets):
// - the clean section ends at the cleaner checkpoint (never before the log start offset);
// - the dirty section runs from there to the first uncleanable offset: the base offset of the
//   active segment, of a segment still being written or sealed, or of the first segment holding
//   records newer than min.compaction.lag.ms — whichever comes first;
// - dirty ratio = dirty bytes / (clean + dirty bytes).
import type { LogSegment } from '../log-segment.ts';
import type { PartitionLog } from '../partition-log.ts';

export type CleanableRange = {
  firstDirtyOffset: number;
  /** Segments before the first uncleanable offset, oldest first (clean ones included). */
  cleanable: LogSegment[];
  /** The dirty part of `cleanable`. */
  dirty: LogSegment[];
  cleanBytes: number;
  dirtyBytes: number;
  dirtyRatio: number;
  /** True when max.compaction.lag.ms forces a clean regardless of the ratio. */
  overdue: boolean;
};

export function cleanableRange(log: PartitionLog, checkpoint: number, now: number): CleanableRange {
  const config = log.currentConfig;
  const segments = log.segmentList();
  const firstDirtyOffset = Math.max(checkpoint, log.logStartOffset);
  const cleanable: LogSegment[] = [];
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (!log.isSettled(segment)) break;
    // min.compaction.lag.ms protects records in the dirty section only; clean ones were kept already.
    const tooRecent = segment.nextOffset > firstDirtyOffset && config.minCompactionLagMs > 0 && segment.maxTimestamp > now - config.minCompactionLagMs;
    if (tooRecent) break;
    cleanable.push(segment);
  }
  const dirty = cleanable.filter((s) => s.nextOffset > firstDirtyOffset);
  const dirtyBytes = dirty.reduce((n, s) => n + s.size, 0);
  const cleanBytes = cleanable.reduce((n, s) => n + s.size, 0) - dirtyBytes;
  const total = cleanBytes + dirtyBytes;
  const first = dirty[0];
  const firstDirtyTimestamp = first === undefined ? null : (first.firstBatchTimestamp ?? first.maxTimestamp);
  const overdue = dirtyBytes > 0 && Number.isFinite(config.maxCompactionLagMs) && firstDirtyTimestamp !== null
    && firstDirtyTimestamp >= 0 && firstDirtyTimestamp < now - config.maxCompactionLagMs;
  return { firstDirtyOffset, cleanable, dirty, cleanBytes, dirtyBytes, dirtyRatio: total === 0 ? 0 : dirtyBytes / total, overdue };
}
