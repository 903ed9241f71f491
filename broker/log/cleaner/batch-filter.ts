// Rewrites one stored batch keeping only the records the cleaner retains, as Kafka's
// MemoryRecords.filterTo does for magic 2:
// - the batch keeps its baseOffset and lastOffsetDelta (so offsets never move, and the offset
//   after the batch stays derivable from it), its producer fields, leader epoch and codec;
//   kept records keep their offset deltas;
// - a batch that keeps everything is copied byte for byte;
// - tombstones get Kafka's delete horizon (KIP-534): the first clean that keeps a tombstone sets
//   the batch's hasDeleteHorizonMs bit and stores now + delete.retention.ms in baseTimestamp
//   (record timestamp deltas are rewritten against it, so record timestamps do not change); a
//   later clean drops tombstones of a batch whose horizon has passed;
// - control batches (transaction markers) are kept as they are;
// - records without a key are dropped (Kafka's cleaner counts them as invalid in a compacted log).
import {
  ATTRIBUTES_OFFSET, BATCH_HEADER_SIZE, COMPRESSION_CODEC_MASK, CRC_OFFSET, DELETE_HORIZON_MASK, LOG_OVERHEAD,
  RECORDS_OFFSET, compressionCodecOf, isControlBatch, isLogAppendTime, type RecordBatchHeader,
} from '../../protocol/records/batch-header.ts';
import { computeBatchCrc } from '../../protocol/records/batch-rewrite.ts';
import { compress, decompress } from '../../protocol/records/compression.ts';
import { ByteWriter, sizeOfVarlong } from '../../protocol/records/varint.ts';
import { scanRecords, type ScannedRecord } from './record-scan.ts';

export type FilterOptions = {
  /** True when the record at `offset` with `key` is the latest for its key (offset map). */
  isLatest(key: Buffer, offset: number): boolean;
  now: number;
  deleteRetentionMs: number;
  /** Keep an empty batch rather than nothing, so the batch's last offset stays in the segment. */
  keepEmpty: boolean;
};

export type FilterResult = {
  /** The batch to write, or null to drop it. */
  bytes: Buffer | null;
  recordsIn: number;
  recordsKept: number;
  /** The delete horizon of the written batch when it holds tombstones, else null. */
  tombstoneHorizon: number | null;
};

export function hasDeleteHorizon(attributes: number): boolean {
  return (attributes & DELETE_HORIZON_MASK) !== 0;
}

export function filterBatch(batch: Buffer, header: RecordBatchHeader, options: FilterOptions): FilterResult {
  if (isControlBatch(header.attributes)) return { bytes: batch, recordsIn: header.recordsCount, recordsKept: header.recordsCount, tombstoneHorizon: null };
  const codec = compressionCodecOf(header.attributes);
  const body = decompress(codec, batch.subarray(RECORDS_OFFSET, header.batchLength + LOG_OVERHEAD));
  const horizon = hasDeleteHorizon(header.attributes) ? header.baseTimestamp : null;
  const tombstonesExpired = horizon !== null && options.now > horizon;
  const kept: ScannedRecord[] = [];
  let hasTombstones = false;
  for (const record of scanRecords(body, header.recordsCount)) {
    if (record.key === null) continue;
    if (record.isTombstone && tombstonesExpired) continue;
    if (!options.isLatest(record.key, header.baseOffset + record.offsetDelta)) continue;
    hasTombstones ||= record.isTombstone;
    kept.push(record);
  }
  const recordsIn = header.recordsCount;
  if (kept.length === 0) {
    return { bytes: options.keepEmpty ? emptyBatch(header) : null, recordsIn, recordsKept: 0, tombstoneHorizon: null };
  }
  const newHorizon = hasTombstones && horizon === null ? options.now + options.deleteRetentionMs : null;
  if (kept.length === recordsIn && newHorizon === null) {
    return { bytes: batch, recordsIn, recordsKept: recordsIn, tombstoneHorizon: hasTombstones ? horizon : null };
  }
  const bytes = rebuild(header, body, kept, newHorizon);
  return { bytes, recordsIn, recordsKept: kept.length, tombstoneHorizon: hasTombstones ? (newHorizon ?? horizon) : null };
}

/** A new batch of the kept records; with `newHorizon`, baseTimestamp becomes the horizon. */
function rebuild(header: RecordBatchHeader, body: Buffer, kept: ScannedRecord[], newHorizon: number | null): Buffer {
  const baseTimestamp = newHorizon ?? header.baseTimestamp;
  const shift = header.baseTimestamp - baseTimestamp;
  const records = new ByteWriter(body.length + kept.length * 4);
  let maxTimestamp = -1;
  for (const record of kept) {
    maxTimestamp = Math.max(maxTimestamp, header.baseTimestamp + record.timestampDelta);
    if (shift === 0) {
      records.writeBytes(body.subarray(record.start, record.end));
      continue;
    }
    const delta = record.timestampDelta + shift;
    const rest = body.subarray(record.afterTimestamp, record.end);
    records.writeVarint(1 + sizeOfVarlong(delta) + rest.length);
    records.writeInt8(0);
    records.writeVarlong(delta);
    records.writeBytes(rest);
  }
  // With LogAppendTime every record's time is the batch's maxTimestamp: it must not change.
  if (isLogAppendTime(header.attributes)) maxTimestamp = header.maxTimestamp;
  const payload = compress(compressionCodecOf(header.attributes), records.finish());
  const attributes = header.attributes | (newHorizon !== null ? DELETE_HORIZON_MASK : 0);
  return writeHeader(header, { attributes, baseTimestamp, maxTimestamp, recordsCount: kept.length }, payload);
}

/**
 * A batch with no records, header only, as Kafka writes one to keep a batch's offsets (and
 * producer fields) when the cleaner removed all its records. Uncompressed: there is nothing to
 * compress.
 */
function emptyBatch(header: RecordBatchHeader): Buffer {
  const attributes = header.attributes & ~COMPRESSION_CODEC_MASK;
  return writeHeader(header, { attributes, baseTimestamp: header.maxTimestamp, maxTimestamp: header.maxTimestamp, recordsCount: 0 }, Buffer.alloc(0));
}

type HeaderChanges = { attributes: number; baseTimestamp: number; maxTimestamp: number; recordsCount: number };

function writeHeader(header: RecordBatchHeader, changes: HeaderChanges, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + payload.length);
  out.writeBigInt64BE(BigInt(header.baseOffset), 0);
  out.writeInt32BE(BATCH_HEADER_SIZE - LOG_OVERHEAD + payload.length, 8);
  out.writeInt32BE(header.partitionLeaderEpoch, 12);
  out.writeInt8(2, 16);
  out.writeInt16BE(changes.attributes, ATTRIBUTES_OFFSET);
  out.writeInt32BE(header.lastOffsetDelta, 23);
  out.writeBigInt64BE(BigInt(changes.baseTimestamp), 27);
  out.writeBigInt64BE(BigInt(changes.maxTimestamp), 35);
  out.writeBigInt64BE(BigInt(header.producerId), 43);
  out.writeInt16BE(header.producerEpoch, 51);
  out.writeInt32BE(header.baseSequence, 53);
  out.writeInt32BE(changes.recordsCount, 57);
  payload.copy(out, RECORDS_OFFSET);
  out.writeUInt32BE(computeBatchCrc(out, 0), CRC_OFFSET);
  return out;
}
