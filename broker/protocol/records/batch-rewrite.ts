// In-place rewrites the broker applies to a batch on append.
import { crc32c } from '@node-rs/crc32';
import {
  ATTRIBUTES_OFFSET,
  BASE_OFFSET_OFFSET,
  BATCH_LENGTH_OFFSET,
  CRC_OFFSET,
  LOG_OVERHEAD,
  MAX_TIMESTAMP_OFFSET,
  TIMESTAMP_TYPE_MASK,
} from './batch-header.ts';

/**
 * Sets baseOffset. The CRC starts at `attributes`, so it stays valid: this is what lets the broker
 * assign offsets without touching (or decompressing) the records.
 */
export function setBaseOffset(buf: Buffer, position: number, baseOffset: number): void {
  buf.writeBigInt64BE(BigInt(baseOffset), position + BASE_OFFSET_OFFSET);
}

/** CRC-32C of attributes..end of the batch at `position`, as stored in the crc field. */
export function computeBatchCrc(buf: Buffer, position = 0): number {
  const end = position + LOG_OVERHEAD + buf.readInt32BE(position + BATCH_LENGTH_OFFSET);
  return crc32c(buf.subarray(position + ATTRIBUTES_OFFSET, end)) >>> 0;
}

/**
 * Marks the batch LogAppendTime and sets maxTimestamp to the broker's clock, then recomputes the
 * CRC. Like Kafka, baseTimestamp and the per-record deltas are left alone: readers take every
 * record's timestamp from maxTimestamp when the LogAppendTime bit is set, and rewriting the records
 * would mean recompressing them.
 */
export function setLogAppendTime(buf: Buffer, position: number, timestamp: number): void {
  const attributes = buf.readInt16BE(position + ATTRIBUTES_OFFSET);
  buf.writeInt16BE(attributes | TIMESTAMP_TYPE_MASK, position + ATTRIBUTES_OFFSET);
  buf.writeBigInt64BE(BigInt(timestamp), position + MAX_TIMESTAMP_OFFSET);
  buf.writeUInt32BE(computeBatchCrc(buf, position), position + CRC_OFFSET);
}
