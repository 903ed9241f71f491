// The read side of a partition log: Fetch (whole batches from an offset), ListOffsets by
// timestamp and MAX_TIMESTAMP. Works on the segment list the PartitionLog owns.
import { KafkaError } from '../kafka-error.ts';
import { decodeBatch } from '../protocol/records/record-codec.ts';
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, readBatchHeader } from '../protocol/records/batch-header.ts';
import type { LogSegment } from './log-segment.ts';
import { scanBatchHeaders } from './segment-files.ts';

/** Index of the segment that holds `offset`: the last one whose base offset is ≤ it. */
export function segmentIndexFor(segments: LogSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid].baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Whole batches from the one containing `offset`, up to `maxBytes` in total (the first batch in
 * full even if larger when `minOneBatch`). Continues into later segments while budget remains.
 */
export async function readBatches(segments: LogSegment[], offset: number, maxBytes: number, minOneBatch: boolean): Promise<Buffer[]> {
  const out: Buffer[] = [];
  let budget = maxBytes;
  let wanted = offset;
  for (let i = segmentIndexFor(segments, offset); i < segments.length; i++) {
    const segment = segments[i];
    const first = await segment.locate(wanted);
    if (first === null) continue;
    const mustTakeFirst = minOneBatch && out.length === 0;
    if (first.size > budget && !mustTakeFirst) break;
    const length = Math.min(segment.size - first.position, Math.max(budget, mustTakeFirst ? first.size : 0));
    const chunk = await segment.read(first.position, length);
    const whole = wholeBatchPrefix(chunk);
    if (whole === 0) break;
    out.push(chunk.subarray(0, whole));
    budget -= whole;
    const lastHeader = lastBatchHeader(chunk, whole);
    wanted = lastHeader.baseOffset + lastHeader.lastOffsetDelta + 1;
    segment.rememberReadEnd(wanted, first.position + whole);
    if (budget <= 0 || first.position + whole < segment.size) break;
  }
  return out;
}

/** Length of the longest prefix of `chunk` made of whole batches. */
function wholeBatchPrefix(chunk: Buffer): number {
  let position = 0;
  while (position + LOG_OVERHEAD <= chunk.length) {
    const size = chunk.readInt32BE(position + 8) + LOG_OVERHEAD;
    if (position + size > chunk.length) break;
    position += size;
  }
  return position;
}

function lastBatchHeader(chunk: Buffer, end: number): ReturnType<typeof readBatchHeader> {
  let position = 0;
  let last = 0;
  while (position < end) {
    last = position;
    position += chunk.readInt32BE(position + 8) + LOG_OVERHEAD;
  }
  return readBatchHeader(chunk, last);
}

/**
 * Kafka's ListOffsets-by-timestamp: the first record at or after `fromOffset` whose timestamp is
 * ≥ `timestamp`. The time index narrows the search to a region of the first segment whose max
 * timestamp reaches the target; only batches whose max timestamp reaches it are decoded.
 */
export async function findOffsetByTimestamp(segments: LogSegment[], timestamp: number, fromOffset: number): Promise<{ offset: number; timestamp: number } | null> {
  for (const segment of segments) {
    if (segment.maxTimestamp < timestamp || segment.nextOffset <= fromOffset) continue;
    const startOffset = Math.max(segment.timeIndex.lookup(timestamp), fromOffset);
    const start = segment.offsetIndex.lookup(startOffset);
    for await (const batch of scanBatchHeaders(await segment.fileHandle(), start, segment.size)) {
      const { header } = batch;
      if (header.maxTimestamp < timestamp || header.baseOffset + header.lastOffsetDelta < fromOffset) continue;
      const { records } = decodeBatch(await segment.read(batch.position, batch.size));
      const hit = records.find((r) => r.timestamp >= timestamp && r.offset >= fromOffset);
      if (hit !== undefined) return { offset: hit.offset, timestamp: hit.timestamp };
    }
    return null;
  }
  return null;
}

/**
 * ListOffsets MAX_TIMESTAMP: the record holding the largest timestamp (the first segment holding
 * it on ties). Segments only know the batch, so that batch is read and decoded to find the record
 * — synchronously, because the server's API for this is synchronous and the call is rare.
 */
export function findMaxTimestamp(segments: LogSegment[]): { offset: number; timestamp: number } {
  let best: LogSegment | null = null;
  for (const s of segments) if (s.maxTimestamp >= 0 && (best === null || s.maxTimestamp > best.maxTimestamp)) best = s;
  if (best === null) return { offset: -1, timestamp: -1 };
  const target = best.offsetOfMaxTimestamp;
  let position = best.offsetIndex.lookup(target);
  while (position + BATCH_HEADER_SIZE <= best.size) {
    const header = readBatchHeader(best.readSync(position, BATCH_HEADER_SIZE));
    const size = header.batchLength + LOG_OVERHEAD;
    if (header.baseOffset + header.lastOffsetDelta >= target) {
      const { records } = decodeBatch(best.readSync(position, size));
      const hit = records.find((r) => r.timestamp === best.maxTimestamp);
      return { offset: hit?.offset ?? target, timestamp: best.maxTimestamp };
    }
    position += size;
  }
  // The batch was assigned but its write has not completed yet: answer at batch granularity.
  return { offset: target, timestamp: best.maxTimestamp };
}

export function outOfRange(offset: number, logStartOffset: number, logEndOffset: number): KafkaError {
  return new KafkaError('OFFSET_OUT_OF_RANGE', `offset ${offset} is outside the log's range [${logStartOffset}, ${logEndOffset}]`);
}
