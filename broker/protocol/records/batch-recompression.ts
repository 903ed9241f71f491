// A topic's compression.type applied to a produced batch, as Kafka's LogValidator does:
// - `producer` keeps the producer's codec (the batch is stored as received: see batch-validation.ts);
// - a concrete codec (`uncompressed`, gzip, snappy, lz4, zstd) equal to the batch's codec also
//   keeps the bytes;
// - a different one rebuilds the batch in that codec: same records (keys, values, headers,
//   timestamps), same producer id/epoch/base sequence, partition leader epoch and transactional
//   bit; maxTimestamp recomputed from the records, the CRC over the new bytes. The caller assigns
//   offsets afterwards, as for any batch.
// - Control batches (transaction markers) are never recompressed: Kafka leaves uncompressed ones
//   alone ("Do not compress control records unless they are written compressed"), and the markers
//   this broker writes are uncompressed.
// Record offset deltas that do not run 0, 1, 2, … are renumbered, as Kafka's rebuild assigns
// consecutive offsets: only such records are re-encoded, every other record is copied verbatim.
//
// Record => length varint | attributes int8 | timestampDelta varlong | offsetDelta varint | rest…
import { KafkaError } from '../../kafka-error.ts';
import {
  ATTRIBUTES_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  CODECS,
  COMPRESSION_CODEC_MASK,
  CRC_OFFSET,
  LOG_OVERHEAD,
  MAX_TIMESTAMP_OFFSET,
  RECORDS_OFFSET,
  compressionCodecOf,
  isControlBatch,
  isLogAppendTime,
  type CompressionCodec,
  type RecordBatchHeader,
} from './batch-header.ts';
import { computeBatchCrc } from './batch-rewrite.ts';
import { compress, decompress } from './compression.ts';
import { ByteReader, ByteWriter, sizeOfVarlong } from './varint.ts';

/** A topic's compression.type values, Kafka's spelling. */
export type CompressionType = 'producer' | 'uncompressed' | Exclude<CompressionCodec, 'none'>;

/** The codec a batch is stored in on a topic with `compressionType` (Kafka's BrokerCompressionType). */
export function targetCodec(compressionType: CompressionType, source: CompressionCodec): CompressionCodec {
  if (compressionType === 'producer') return source;
  return compressionType === 'uncompressed' ? 'none' : compressionType;
}

/**
 * Returns the batch as the topic stores it: `batch` itself when no recompression is needed, else
 * a new buffer in the topic's codec. `header` is the validated header of `batch`.
 */
export function applyTopicCompression(batch: Buffer, header: RecordBatchHeader, compressionType: CompressionType): Buffer {
  const source = compressionCodecOf(header.attributes);
  const target = targetCodec(compressionType, source);
  if (target === source || isControlBatch(header.attributes)) return batch;
  return recompressBatch(batch, header, target);
}

/** Rebuilds `batch` (one whole, CRC-checked batch) with its records compressed by `target`. */
export function recompressBatch(batch: Buffer, header: RecordBatchHeader, target: CompressionCodec): Buffer {
  const size = header.batchLength + LOG_OVERHEAD;
  const body = decompress(compressionCodecOf(header.attributes), batch.subarray(RECORDS_OFFSET, size));
  const { records, maxTimestamp } = renumberRecords(body, header);
  const payload = compress(target, records);
  const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + payload.length);
  batch.copy(out, 0, 0, BATCH_HEADER_SIZE);
  payload.copy(out, BATCH_HEADER_SIZE);
  out.writeInt32BE(BATCH_HEADER_SIZE - LOG_OVERHEAD + payload.length, BATCH_LENGTH_OFFSET);
  out.writeInt16BE((header.attributes & ~COMPRESSION_CODEC_MASK) | CODECS.indexOf(target), ATTRIBUTES_OFFSET);
  // With LogAppendTime the batch's maxTimestamp is every record's time: it stays.
  if (!isLogAppendTime(header.attributes)) out.writeBigInt64BE(BigInt(maxTimestamp), MAX_TIMESTAMP_OFFSET);
  out.writeUInt32BE(computeBatchCrc(out, 0), CRC_OFFSET);
  return out;
}

/**
 * Walks the uncompressed records: checks that exactly recordsCount records fill the body, computes
 * the largest record timestamp, and gives records whose offsetDelta is not their index that index.
 */
function renumberRecords(body: Buffer, header: RecordBatchHeader): { records: Buffer; maxTimestamp: number } {
  const reader = new ByteReader(body);
  let out: ByteWriter | null = null;
  let copiedUpTo = 0;
  let maxTimestamp = -1;
  for (let i = 0; i < header.recordsCount; i++) {
    const start = reader.position;
    const length = reader.readVarint();
    const fieldsStart = reader.position;
    const end = fieldsStart + length;
    if (length < 0 || end > body.length) {
      throw new KafkaError('CORRUPT_MESSAGE', `record ${i} announces ${length} bytes past the end of the batch`);
    }
    reader.readInt8(); // record attributes: unused by magic 2
    const timestampDelta = reader.readVarlong();
    const afterTimestamp = reader.position;
    const offsetDelta = reader.readVarint();
    const afterOffset = reader.position;
    if (reader.position > end) throw new KafkaError('CORRUPT_MESSAGE', `record ${i} is shorter than its fixed fields`);
    maxTimestamp = Math.max(maxTimestamp, header.baseTimestamp + timestampDelta);
    if (offsetDelta !== i) {
      out ??= new ByteWriter(body.length + 16);
      out.writeBytes(body.subarray(copiedUpTo, start));
      const rest = body.subarray(afterOffset, end);
      out.writeVarint(afterTimestamp - fieldsStart + sizeOfVarlong(i) + rest.length);
      out.writeBytes(body.subarray(fieldsStart, afterTimestamp));
      out.writeVarint(i);
      out.writeBytes(rest);
      copiedUpTo = end;
    }
    reader.position = end;
  }
  if (reader.position !== body.length) {
    throw new KafkaError('CORRUPT_MESSAGE', `${body.length - reader.position} bytes follow the batch's ${header.recordsCount} records`);
  }
  if (out === null) return { records: body, maxTimestamp };
  out.writeBytes(body.subarray(copiedUpTo));
  return { records: out.finish(), maxTimestamp };
}
