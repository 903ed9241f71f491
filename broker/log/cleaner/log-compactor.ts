// One cleaning pass over one log (Kafka's Cleaner.doClean): map the dirty section's keys to their
// latest offsets, then rewrite every cleanable segment from the start of the log up to where the
// map ends, keeping only the latest record of each key, in groups of segments that fit one
// segment, each swapped in atomically. Offsets never change; the active segment and records newer
// than min.compaction.lag.ms are never touched (cleanable-range.ts).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { MAX_TIMESTAMP_OFFSET } from '../../protocol/records/batch-header.ts';
import type { LogSegment } from '../log-segment.ts';
import type { PartitionLog } from '../partition-log.ts';
import { filterBatch } from './batch-filter.ts';
import { CleanedSegmentWriter } from './cleaned-segment.ts';
import type { CleanableRange } from './cleanable-range.ts';
import { OffsetMap, buildOffsetMap } from './offset-map.ts';
import { segmentBatches } from './segment-batches.ts';
import { swapIn, type SwapStepHook } from './segment-swap.ts';

export type CompactionOptions = {
  now: number;
  /** Bound on distinct keys mapped per pass (Kafka: log.cleaner.dedupe.buffer.size). */
  maxMapEntries: number;
  swapHook?: SwapStepHook;
};

export type CompactionResult = {
  /** The offset the cleaner checkpoint moves to: everything below it is clean. */
  cleanedUpTo: number;
  /** Bytes of the segments rewritten (the cleaner's input). */
  bytesIn: number;
  bytesOut: number;
  recordsIn: number;
  recordsKept: number;
  /** The earliest delete horizon of a tombstone left in the log, or null. */
  earliestTombstoneHorizon: number | null;
  /** False when the log changed under the pass (retention, DeleteRecords, close) and it gave up. */
  completed: boolean;
};

export async function compactLog(log: PartitionLog, range: CleanableRange, options: CompactionOptions): Promise<CompactionResult> {
  const map = new OffsetMap(options.maxMapEntries);
  const stats = { bytesRead: 0 };
  const cleanedUpTo = await buildOffsetMap(map, range.dirty, range.firstDirtyOffset, stats);
  const result: CompactionResult = {
    cleanedUpTo, bytesIn: 0, bytesOut: 0, recordsIn: 0, recordsKept: 0, earliestTombstoneHorizon: null, completed: true,
  };
  const toClean = range.cleanable.filter((s) => s.nextOffset <= cleanedUpTo);
  for (const group of groupBySize(toClean, log.currentConfig.segmentBytes)) {
    if (!(await cleanGroup(log, group, map, options, result))) return { ...result, completed: false };
  }
  return result;
}

/**
 * Consecutive segments whose total size fits one segment (and whose offsets fit the index's
 * 4-byte relative offsets), so repeated cleaning does not leave many tiny segments behind.
 */
export function groupBySize(segments: readonly LogSegment[], maxBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let current: LogSegment[] = [];
  let bytes = 0;
  for (const segment of segments) {
    const fits = current.length > 0 && bytes + segment.size <= maxBytes && segment.nextOffset - current[0].baseOffset <= 0x7fffffff;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(segment);
    bytes += segment.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

async function cleanGroup(log: PartitionLog, group: LogSegment[], map: OffsetMap, options: CompactionOptions, result: CompactionResult): Promise<boolean> {
  const config = log.currentConfig;
  const writer = await CleanedSegmentWriter.create(log.dir, group[0].baseOffset, config);
  try {
    const isLatest = (key: Buffer, offset: number): boolean => offset >= map.get(key);
    for (let s = 0; s < group.length; s++) {
      const lastSegment = s === group.length - 1;
      const batches = segmentBatches(group[s]);
      let next = await batches.next();
      let sinceYield = 0;
      while (next.done !== true) {
        const batch = next.value;
        next = await batches.next();
        // The group's last batch is always kept (empty if need be): the cleaned segment then ends
        // at the same offset as the segments it replaces, which is what swap recovery relies on.
        const keepEmpty = lastSegment && next.done === true;
        const filtered = filterBatch(batch.bytes, batch.header, { isLatest, now: options.now, deleteRetentionMs: config.deleteRetentionMs, keepEmpty });
        result.bytesIn += batch.size;
        result.recordsIn += filtered.recordsIn;
        result.recordsKept += filtered.recordsKept;
        if (filtered.tombstoneHorizon !== null) {
          result.earliestTombstoneHorizon = Math.min(result.earliestTombstoneHorizon ?? Infinity, filtered.tombstoneHorizon);
        }
        if (filtered.bytes === null) continue;
        result.bytesOut += filtered.bytes.length;
        const maxTimestamp = Number(filtered.bytes.readBigInt64BE(MAX_TIMESTAMP_OFFSET));
        await writer.append(filtered.bytes, { baseOffset: batch.header.baseOffset, lastOffsetDelta: batch.header.lastOffsetDelta, maxTimestamp });
        // Decompressing and filtering is CPU work: hand the event loop back regularly.
        if (++sinceYield % 256 === 0) await yieldToEventLoop();
      }
    }
    const cleaned = await writer.finish(group[group.length - 1].nextOffset);
    if (await swapIn(log, group, cleaned, options.swapHook)) return true;
    await writer.discard();
    return false;
  } catch (err) {
    await writer.discard();
    throw err;
  }
}
