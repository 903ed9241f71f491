// Structural validation of magic-2 record batches: on produce (throws the Kafka error a client
// must see) and in log recovery (reports the first bad batch so the tail can be truncated).
// Validation reads only the 61-byte header and checks the CRC over the stored bytes: records are
// never decoded or decompressed here, because the CRC already proves they are what the producer
// sent, and the hot path must not pay for decompression.
import { crc32c } from '@node-rs/crc32';
import { KafkaError } from '../../kafka-error.ts';
import {
  ATTRIBUTES_OFFSET,
  BATCH_HEADER_SIZE,
  BATCH_LENGTH_OFFSET,
  COMPRESSION_CODEC_MASK,
  CONTROL_MASK,
  CRC_OFFSET,
  LOG_OVERHEAD,
  MAGIC_OFFSET,
  readBatchHeader,
  type RecordBatchHeader,
} from './batch-header.ts';

export type BatchProblem = { errorName: 'CORRUPT_MESSAGE' | 'INVALID_RECORD'; message: string };

export type BatchInspection =
  | { kind: 'valid'; header: RecordBatchHeader; size: number }
  /** Fewer bytes remain than the header or batchLength announce: a torn write, or a partial read. */
  | { kind: 'incomplete'; available: number }
  | { kind: 'invalid'; problem: BatchProblem };

/**
 * Inspects the batch at `position` in `buf` (bytes up to `end`). Never throws: recovery uses the
 * answer to decide where the valid prefix of a segment ends.
 */
export function inspectBatch(buf: Buffer, position = 0, end = buf.length): BatchInspection {
  const available = end - position;
  if (available < LOG_OVERHEAD) return { kind: 'incomplete', available };
  const batchLength = buf.readInt32BE(position + BATCH_LENGTH_OFFSET);
  if (batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD) {
    return invalid('CORRUPT_MESSAGE', `batchLength ${batchLength} is smaller than the ${BATCH_HEADER_SIZE - LOG_OVERHEAD}-byte minimum`);
  }
  const size = batchLength + LOG_OVERHEAD;
  if (available < BATCH_HEADER_SIZE) return { kind: 'incomplete', available };
  const magic = buf.readInt8(position + MAGIC_OFFSET);
  if (magic !== 2) return invalid('INVALID_RECORD', `record batch magic is ${magic}; only magic 2 is supported`);
  if (available < size) return { kind: 'incomplete', available };
  const storedCrc = buf.readUInt32BE(position + CRC_OFFSET);
  const actualCrc = crc32c(buf.subarray(position + ATTRIBUTES_OFFSET, position + size)) >>> 0;
  if (storedCrc !== actualCrc) {
    return invalid('CORRUPT_MESSAGE', `record batch CRC is 0x${hex(storedCrc)} but its bytes hash to 0x${hex(actualCrc)}`);
  }
  const header = readBatchHeader(buf, position);
  if ((header.attributes & COMPRESSION_CODEC_MASK) > 4) {
    return invalid('CORRUPT_MESSAGE', `unknown compression codec id ${header.attributes & COMPRESSION_CODEC_MASK}`);
  }
  if (header.lastOffsetDelta < 0) return invalid('INVALID_RECORD', `lastOffsetDelta ${header.lastOffsetDelta} is negative`);
  // Compaction may leave fewer records than the offset range (even none), never more.
  if (header.recordsCount < 0 || header.recordsCount > header.lastOffsetDelta + 1) {
    return invalid('INVALID_RECORD', `records count ${header.recordsCount} does not fit lastOffsetDelta ${header.lastOffsetDelta}`);
  }
  return { kind: 'valid', header, size };
}

export type ProduceValidationOptions = {
  /** The topic's max.message.bytes: a larger batch is MESSAGE_TOO_LARGE. */
  maxMessageBytes: number;
  /** Only the broker itself (transaction coordinator) may append control batches. */
  allowControlBatches?: boolean;
};

/**
 * Validates the records a Produce request carries for one partition, as Kafka does for magic 2:
 * exactly one well-formed batch with a matching CRC, a sane offset range, no larger than
 * max.message.bytes. Returns its header; throws KafkaError otherwise.
 */
export function validateProduceBatch(records: Buffer, options: ProduceValidationOptions): RecordBatchHeader {
  const inspection = inspectBatch(records, 0, records.length);
  if (inspection.kind === 'incomplete') {
    throw new KafkaError('CORRUPT_MESSAGE', `records hold ${records.length} bytes, fewer than the batch they frame`);
  }
  if (inspection.kind === 'invalid') throw new KafkaError(inspection.problem.errorName, inspection.problem.message);
  const { header, size } = inspection;
  if (size !== records.length) {
    const rest = inspectBatch(records, size, records.length);
    if (rest.kind === 'valid') {
      throw new KafkaError('INVALID_RECORD', 'a produce request must carry exactly one record batch per partition');
    }
    throw new KafkaError('CORRUPT_MESSAGE', `batchLength frames ${size} bytes but the records hold ${records.length}`);
  }
  if (header.recordsCount !== header.lastOffsetDelta + 1) {
    throw new KafkaError('INVALID_RECORD', `records count ${header.recordsCount} differs from lastOffsetDelta + 1 = ${header.lastOffsetDelta + 1}`);
  }
  if (size > options.maxMessageBytes) {
    throw new KafkaError('MESSAGE_TOO_LARGE', `record batch of ${size} bytes exceeds max.message.bytes ${options.maxMessageBytes}`);
  }
  if ((header.attributes & CONTROL_MASK) !== 0 && options.allowControlBatches !== true) {
    throw new KafkaError('INVALID_RECORD', 'clients may not produce control batches');
  }
  return header;
}

function invalid(errorName: BatchProblem['errorName'], message: string): BatchInspection {
  return { kind: 'invalid', problem: { errorName, message } };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
