// Time- and size-based retention (Kafka's UnifiedLog.deleteOldSegments), for logs whose
// cleanup.policy includes delete. Only whole segments go, oldest first, and only a prefix of
// the log: a segment is deletable when
// - retention.ms: its largest timestamp is more than retention.ms old, or
// - retention.bytes: the log minus it (and the segments before it) is still at or over the limit.
// The active segment counts too (it is rolled first, like Kafka), unless it is empty; a segment
// with writes still in flight is never deleted. The log start offset moves to the
// first segment left and is persisted; files go `.deleted` first, then after file.delete.delay.ms.
import type { LogSegment } from './log-segment.ts';
import type { PartitionLog } from './partition-log.ts';

export type RetentionOutcome = { segmentsDeleted: number; bytesDeleted: number; reason: 'retention.ms' | 'retention.bytes' | null };

/** How many of the oldest segments retention would delete now, and why. */
export function expiredSegments(log: PartitionLog, now: number): RetentionOutcome {
  const config = log.currentConfig;
  if (!config.cleanupPolicy.includes('delete')) return { segmentsDeleted: 0, bytesDeleted: 0, reason: null };
  const segments = log.segmentList();
  const byTime = deletablePrefix(segments, (s) => largestTimestamp(s) >= 0 && now - largestTimestamp(s) > config.retentionMs);
  if (byTime.count > 0) return { segmentsDeleted: byTime.count, bytesDeleted: byTime.bytes, reason: 'retention.ms' };
  const total = segments.reduce((n, s) => n + s.size, 0);
  let excess = total - config.retentionBytes;
  const bySize = deletablePrefix(segments, (s) => {
    if (excess - s.size < 0) return false;
    excess -= s.size;
    return true;
  });
  return { segmentsDeleted: bySize.count, bytesDeleted: bySize.bytes, reason: bySize.count > 0 ? 'retention.bytes' : null };
}

/** Applies retention to one log now; safe to call at any time (it waits for other segment changes). */
export function enforceRetention(log: PartitionLog, now: number): Promise<RetentionOutcome> {
  return log.underMaintenance(async () => {
    if (log.isClosed) return { segmentsDeleted: 0, bytesDeleted: 0, reason: null };
    const outcome = expiredSegments(log, now);
    await log.deleteOldestSegments(outcome.segmentsDeleted);
    return outcome;
  });
}

function deletablePrefix(segments: readonly LogSegment[], predicate: (s: LogSegment) => boolean): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const isEmptyActive = i === segments.length - 1 && segment.reservedSize === 0;
    // Bytes still in flight are not readable yet; a segment still being sealed is fine
    // (deleteOldestSegments waits for its seal).
    if (isEmptyActive || segment.size !== segment.reservedSize || !predicate(segment)) break;
    count++;
    bytes += segment.size;
  }
  return { count, bytes };
}

/** A segment without timestamps (only empty batches, or none) is aged by when it was created here. */
function largestTimestamp(segment: LogSegment): number {
  return segment.maxTimestamp >= 0 ? segment.maxTimestamp : segment.createdAt;
}
