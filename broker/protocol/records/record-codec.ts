// Decoding the records inside a batch and encoding batches from records. Used off the produce
// path: by tests, internal topics (offsets, transactions), compaction and ListOffsets, never to
// validate produced data (see batch-validation.ts).
//
// Record => length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
//           keyLength varint, key | valueLength varint, value | headerCount varint |
//           [headerKeyLength varint, headerKey utf8 | headerValueLength varint, headerValue]
import { KafkaError } from '../../kafka-error.ts';
import {
  BATCH_HEADER_SIZE,
  CODECS,
  CONTROL_MASK,
  CRC_OFFSET,
  LOG_OVERHEAD,
  RECORDS_OFFSET,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  compressionCodecOf,
  isLogAppendTime,
  readBatchHeader,
  type CompressionCodec,
  type RecordBatchHeader,
} from './batch-header.ts';
import { computeBatchCrc } from './batch-rewrite.ts';
import { compress, decompress } from './compression.ts';
import { ByteReader, ByteWriter, sizeOfVarlong } from './varint.ts';

export type RecordHeader = { key: string; value: Buffer | null };

export type KafkaRecord = {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
};

export type DecodedBatch = { header: RecordBatchHeader; records: KafkaRecord[] };

/** Decodes (and decompresses) the batch at the start of `batch`. */
export function decodeBatch(batch: Buffer): DecodedBatch {
  if (batch.length < BATCH_HEADER_SIZE) throw new KafkaError('CORRUPT_MESSAGE', `batch of ${batch.length} bytes is shorter than its header`);
  const header = readBatchHeader(batch);
  const end = header.batchLength + LOG_OVERHEAD;
  if (end > batch.length) throw new KafkaError('CORRUPT_MESSAGE', `batchLength frames ${end} bytes but only ${batch.length} are present`);
  const body = decompress(compressionCodecOf(header.attributes), batch.subarray(RECORDS_OFFSET, end));
  const reader = new ByteReader(body);
  // With LogAppendTime the broker's clock, stored in maxTimestamp, replaces every record's time.
  const appendTime = isLogAppendTime(header.attributes) ? header.maxTimestamp : null;
  const records: KafkaRecord[] = [];
  for (let i = 0; i < header.recordsCount; i++) {
    records.push(readRecord(reader, header, appendTime));
  }
  return { header, records };
}

function readRecord(reader: ByteReader, header: RecordBatchHeader, appendTime: number | null): KafkaRecord {
  const length = reader.readVarint();
  const start = reader.position;
  reader.readInt8(); // record attributes: unused by magic 2
  const timestampDelta = reader.readVarlong();
  const offsetDelta = reader.readVarint();
  const key = reader.readVarBytes();
  const value = reader.readVarBytes();
  const headerCount = reader.readVarint();
  if (headerCount < 0) throw new KafkaError('CORRUPT_MESSAGE', `record header count ${headerCount} is negative`);
  const headers: RecordHeader[] = [];
  for (let h = 0; h < headerCount; h++) {
    const headerKey = reader.readVarBytes();
    if (headerKey === null) throw new KafkaError('CORRUPT_MESSAGE', 'record header key is null');
    headers.push({ key: headerKey.toString('utf8'), value: reader.readVarBytes() });
  }
  if (reader.position - start !== length) {
    throw new KafkaError('CORRUPT_MESSAGE', `record announces ${length} bytes but its fields span ${reader.position - start}`);
  }
  return {
    offset: header.baseOffset + offsetDelta,
    timestamp: appendTime ?? header.baseTimestamp + timestampDelta,
    key,
    value,
    headers,
  };
}

export type RecordInput = {
  key?: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeader[];
  /** Defaults to the batch's `timestamp` option, else Date.now(). */
  timestamp?: number;
};

export type EncodeBatchOptions = {
  baseOffset?: number;
  compression?: CompressionCodec;
  timestamp?: number;
  partitionLeaderEpoch?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  logAppendTime?: boolean;
};

/** Builds one magic-2 batch with consecutive offsets, compressing the records when asked. */
export function encodeBatch(records: RecordInput[], options: EncodeBatchOptions = {}): Buffer {
  if (records.length === 0) throw new KafkaError('INVALID_RECORD', 'a record batch needs at least one record');
  const now = options.timestamp ?? Date.now();
  const timestamps = records.map((r) => r.timestamp ?? now);
  const baseTimestamp = timestamps[0];
  const maxTimestamp = Math.max(...timestamps);
  const body = new ByteWriter(1024);
  records.forEach((record, i) => writeRecord(body, record, i, timestamps[i] - baseTimestamp));
  const codec = options.compression ?? 'none';
  const payload = compress(codec, body.finish());

  const attributes = CODECS.indexOf(codec)
    | (options.logAppendTime === true ? TIMESTAMP_TYPE_MASK : 0)
    | (options.isTransactional === true ? TRANSACTIONAL_MASK : 0)
    | (options.isControl === true ? CONTROL_MASK : 0);
  const out = new ByteWriter(BATCH_HEADER_SIZE + payload.length);
  out.writeInt64(options.baseOffset ?? 0);
  out.writeInt32(BATCH_HEADER_SIZE - LOG_OVERHEAD + payload.length);
  out.writeInt32(options.partitionLeaderEpoch ?? -1);
  out.writeInt8(2);
  out.writeUInt32(0); // crc, filled in below once the bytes it covers exist
  out.writeInt16(attributes);
  out.writeInt32(records.length - 1);
  out.writeInt64(baseTimestamp);
  out.writeInt64(maxTimestamp);
  out.writeInt64(options.producerId ?? -1);
  out.writeInt16(options.producerEpoch ?? -1);
  out.writeInt32(options.baseSequence ?? -1);
  out.writeInt32(records.length);
  out.writeBytes(payload);
  const batch = out.finish();
  batch.writeUInt32BE(computeBatchCrc(batch, 0), CRC_OFFSET);
  return batch;
}

function writeRecord(out: ByteWriter, record: RecordInput, offsetDelta: number, timestampDelta: number): void {
  const key = record.key ?? null;
  const headers = record.headers ?? [];
  const headerBytes = headers.map((h) => ({ key: Buffer.from(h.key, 'utf8'), value: h.value }));
  let length = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarlong(offsetDelta)
    + sizeOfNullableBytes(key) + sizeOfNullableBytes(record.value) + sizeOfVarlong(headers.length);
  for (const h of headerBytes) length += sizeOfNullableBytes(h.key) + sizeOfNullableBytes(h.value);
  out.writeVarint(length);
  out.writeInt8(0);
  out.writeVarlong(timestampDelta);
  out.writeVarint(offsetDelta);
  out.writeVarBytes(key);
  out.writeVarBytes(record.value);
  out.writeVarint(headers.length);
  for (const h of headerBytes) {
    out.writeVarBytes(h.key);
    out.writeVarBytes(h.value);
  }
}

function sizeOfNullableBytes(bytes: Uint8Array | null): number {
  return bytes === null ? 1 : sizeOfVarlong(bytes.length) + bytes.length;
}

export type ControlRecordType = 'ABORT' | 'COMMIT';

/** Reads a control batch's marker: key = version int16 + type int16. */
export function readControlType(record: KafkaRecord): ControlRecordType | 'UNKNOWN' {
  if (record.key === null || record.key.length < 4) throw new KafkaError('CORRUPT_MESSAGE', 'control record key is shorter than 4 bytes');
  const type = record.key.readInt16BE(2);
  return type === 0 ? 'ABORT' : type === 1 ? 'COMMIT' : 'UNKNOWN';
}
