// RecordBatch (magic 2) header layout and field access. Field positions are relative to the start
// of the batch; see ../../../../shared/kafka-protocol/README.md ("RecordBatch (magic 2)").
//
//   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
//   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
//   producerId int64 | producerEpoch int16 | baseSequence int32 | recordsCount int32 | records…

export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORDS_COUNT_OFFSET = 57;
export const RECORDS_OFFSET = 61;

/** baseOffset + batchLength: the bytes that precede what batchLength counts. */
export const LOG_OVERHEAD = 12;
/** Smallest legal batch: a header with no records. */
export const BATCH_HEADER_SIZE = RECORDS_OFFSET;
/** Bytes needed to read batchLength and magic, enough to frame a batch. */
export const HEADER_SIZE_UP_TO_MAGIC = MAGIC_OFFSET + 1;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;
export const DELETE_HORIZON_MASK = 0x40;

export type CompressionCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export const CODECS: readonly CompressionCodec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export type RecordBatchHeader = {
  baseOffset: number;
  /** Bytes after the batchLength field; the whole batch is batchLength + LOG_OVERHEAD. */
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
};

/** Reads the header of the batch starting at `position`. The caller guarantees 61 bytes exist. */
export function readBatchHeader(buf: Buffer, position = 0): RecordBatchHeader {
  return {
    baseOffset: Number(buf.readBigInt64BE(position + BASE_OFFSET_OFFSET)),
    batchLength: buf.readInt32BE(position + BATCH_LENGTH_OFFSET),
    partitionLeaderEpoch: buf.readInt32BE(position + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(position + MAGIC_OFFSET),
    crc: buf.readUInt32BE(position + CRC_OFFSET),
    attributes: buf.readInt16BE(position + ATTRIBUTES_OFFSET),
    lastOffsetDelta: buf.readInt32BE(position + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: Number(buf.readBigInt64BE(position + BASE_TIMESTAMP_OFFSET)),
    maxTimestamp: Number(buf.readBigInt64BE(position + MAX_TIMESTAMP_OFFSET)),
    producerId: Number(buf.readBigInt64BE(position + PRODUCER_ID_OFFSET)),
    producerEpoch: buf.readInt16BE(position + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(position + BASE_SEQUENCE_OFFSET),
    recordsCount: buf.readInt32BE(position + RECORDS_COUNT_OFFSET),
  };
}

export function batchSize(header: Pick<RecordBatchHeader, 'batchLength'>): number {
  return header.batchLength + LOG_OVERHEAD;
}

export function lastOffsetOf(header: Pick<RecordBatchHeader, 'baseOffset' | 'lastOffsetDelta'>): number {
  return header.baseOffset + header.lastOffsetDelta;
}

export function compressionCodecOf(attributes: number): CompressionCodec {
  const codec = CODECS[attributes & COMPRESSION_CODEC_MASK];
  if (codec === undefined) throw new Error(`unknown compression codec id ${attributes & COMPRESSION_CODEC_MASK}`);
  return codec;
}

export function isLogAppendTime(attributes: number): boolean {
  return (attributes & TIMESTAMP_TYPE_MASK) !== 0;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & TRANSACTIONAL_MASK) !== 0;
}

export function isControlBatch(attributes: number): boolean {
  return (attributes & CONTROL_MASK) !== 0;
}
