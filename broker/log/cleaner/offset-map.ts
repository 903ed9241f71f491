// Kafka's cleaner offset map: for every key in the dirty section of a log, the offset of its
// latest record. Kafka hashes keys into a fixed buffer (log.cleaner.dedupe.buffer.size); a JS Map
// keyed by the key's bytes (as a latin1 string, one char per byte, so distinct keys never collide)
// is exact and fast enough, and `maxEntries` bounds its memory the same way: when the map is full
// the cleaner stops at a segment boundary and cleans up to there.
import { RECORDS_OFFSET, LOG_OVERHEAD, compressionCodecOf, isControlBatch } from '../../protocol/records/batch-header.ts';
import { decompress } from '../../protocol/records/compression.ts';
import type { LogSegment } from '../log-segment.ts';
import { scanRecords } from './record-scan.ts';
import { segmentBatches } from './segment-batches.ts';

export class OffsetMap {
  readonly maxEntries: number;
  private readonly latest = new Map<string, number>();

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.latest.size;
  }

  get isFull(): boolean {
    return this.latest.size >= this.maxEntries;
  }

  put(key: Buffer, offset: number): void {
    this.latest.set(key.toString('latin1'), offset);
  }

  /** The latest offset of `key`, or -1 if the dirty section does not hold it. */
  get(key: Buffer): number {
    return this.latest.get(key.toString('latin1')) ?? -1;
  }
}

/**
 * Adds the records of `segments` (the dirty section, oldest first) to `map`, whole segments at a
 * time, stopping once the map is full. Returns the offset after the last segment mapped: records
 * from there on are not known to the map, so the cleaner must not clean past it.
 */
export async function buildOffsetMap(map: OffsetMap, segments: readonly LogSegment[], fromOffset: number, stats: { bytesRead: number }): Promise<number> {
  let mappedUpTo = fromOffset;
  for (const segment of segments) {
    if (map.isFull) break;
    for await (const batch of segmentBatches(segment)) {
      stats.bytesRead += batch.size;
      const { header } = batch;
      if (isControlBatch(header.attributes) || header.baseOffset + header.lastOffsetDelta < fromOffset) continue;
      const body = decompress(compressionCodecOf(header.attributes), batch.bytes.subarray(RECORDS_OFFSET, header.batchLength + LOG_OVERHEAD));
      for (const record of scanRecords(body, header.recordsCount)) {
        if (record.key !== null) map.put(record.key, header.baseOffset + record.offsetDelta);
      }
    }
    mappedUpTo = segment.nextOffset;
  }
  return mappedUpTo;
}
