// The producer's record-batch encoder: some of a Batch's records (one partition's) written
// straight into one magic-2 record batch, as Kafka's Java producer writes them
// (kafka-protocol/record-batch format). Sizes are worked out first, so a batch is one allocation
// and one pass over the records. The client library's encoder builds a small buffer per field of
// every record and concatenates them: most of a source task's CPU went there.
//
// RecordBatch => baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 |
//   crc uint32 (CRC-32C of attributes..end) | attributes int16 | lastOffsetDelta int32 |
//   baseTimestamp int64 | maxTimestamp int64 | producerId int64 | producerEpoch int16 |
//   baseSequence int32 | recordsCount int32 | records
// Record => length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
//   key varint-length bytes | value varint-length bytes | [headerKey, headerValue] varint count
import { crc32c } from '@node-rs/crc32';
import { compress } from '../../broker/protocol/records/compression.ts';
import type { ProducerRecord } from './producer.ts';

export type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** The idempotent producer's identity for one batch; producerId -1n when the producer is not idempotent. */
export interface BatchIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

export const NO_IDENTITY: BatchIdentity = Object.freeze({ producerId: -1n, producerEpoch: -1, baseSequence: -1 });

const CODEC_IDS: Readonly<Record<Codec, number>> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
const HEADER_SIZE = 61;
const LOG_OVERHEAD = 12;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const MAGIC = 2;
/** Java's RecordBatch.NO_PARTITION_LEADER_EPOCH: producers leave it to the broker. */
const NO_PARTITION_LEADER_EPOCH = -1;

/** Encodes records[indexes[0]], records[indexes[1]]… (in that order, offset deltas 0, 1…) as one batch. */
export function encodeRecordBatch(records: readonly ProducerRecord[], timestamps: readonly number[], indexes: readonly number[],
  identity: BatchIdentity, codec: Codec): Buffer {
  const count = indexes.length;
  const baseTimestamp = timestamps[indexes[0]];
  let maxTimestamp = baseTimestamp;
  const sizes = new Int32Array(count);
  let recordsSize = 0;
  for (let i = 0; i < count; i++) {
    const n = indexes[i];
    const timestamp = timestamps[n];
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const size = recordBodySize(records[n], timestamp - baseTimestamp, i);
    sizes[i] = size;
    recordsSize += sizeOfUnsigned(zigzag(size)) + size;
  }

  const compressed = codec !== 'none';
  const body = compressed ? Buffer.allocUnsafe(recordsSize) : Buffer.allocUnsafe(HEADER_SIZE + recordsSize);
  let position = compressed ? 0 : HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const n = indexes[i];
    position = writeRecord(body, position, records[n], sizes[i], timestamps[n] - baseTimestamp, i);
  }
  let batch = body;
  if (compressed) {
    const payload = compress(codec, body);
    batch = Buffer.allocUnsafe(HEADER_SIZE + payload.length);
    batch.set(payload, HEADER_SIZE);
  }

  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8);
  batch.writeInt32BE(NO_PARTITION_LEADER_EPOCH, 12);
  batch.writeInt8(MAGIC, 16);
  batch.writeInt16BE(CODEC_IDS[codec], ATTRIBUTES_OFFSET);
  batch.writeInt32BE(count - 1, 23);
  batch.writeBigInt64BE(BigInt(baseTimestamp), 27);
  batch.writeBigInt64BE(BigInt(maxTimestamp), 35);
  batch.writeBigInt64BE(identity.producerId, 43);
  batch.writeInt16BE(identity.producerEpoch, 51);
  batch.writeInt32BE(identity.baseSequence, 53);
  batch.writeInt32BE(count, 57);
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES_OFFSET)) >>> 0, CRC_OFFSET);
  return batch;
}

function recordBodySize(record: ProducerRecord, timestampDelta: number, offsetDelta: number): number {
  let size = 1 + sizeOfUnsigned(zigzag(timestampDelta)) + sizeOfUnsigned(zigzag(offsetDelta))
    + sizeOfNullable(record.key) + sizeOfNullable(record.value);
  const headers = record.headers;
  if (headers === undefined) return size + 1;
  size += sizeOfUnsigned(zigzag(headers.length));
  for (let h = 0; h < headers.length; h++) {
    const keyLength = Buffer.byteLength(headers[h][0], 'utf8');
    size += sizeOfUnsigned(zigzag(keyLength)) + keyLength + sizeOfNullable(headers[h][1]);
  }
  return size;
}

function writeRecord(buf: Buffer, start: number, record: ProducerRecord, size: number, timestampDelta: number, offsetDelta: number): number {
  let position = writeUnsigned(buf, start, zigzag(size));
  buf[position++] = 0; // record attributes: unused by magic 2
  position = writeUnsigned(buf, position, zigzag(timestampDelta));
  position = writeUnsigned(buf, position, zigzag(offsetDelta));
  position = writeNullable(buf, position, record.key);
  position = writeNullable(buf, position, record.value);
  const headers = record.headers;
  if (headers === undefined) {
    buf[position++] = 0;
    return position;
  }
  position = writeUnsigned(buf, position, zigzag(headers.length));
  for (let h = 0; h < headers.length; h++) {
    const key = headers[h][0];
    const keyLength = Buffer.byteLength(key, 'utf8');
    position = writeUnsigned(buf, position, zigzag(keyLength));
    position += buf.write(key, position, keyLength, 'utf8');
    position = writeNullable(buf, position, headers[h][1]);
  }
  return position;
}

/** Zigzag encoding of a safe integer (exact up to 2^52 in magnitude: timestamps and sizes). */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function sizeOfUnsigned(v: number): number {
  let size = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    size++;
  }
  return size;
}

function writeUnsigned(buf: Buffer, position: number, v: number): number {
  while (v >= 0x80) {
    buf[position++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  buf[position++] = v;
  return position;
}

/** A varint length (-1 for null) and the bytes. */
function sizeOfNullable(bytes: Buffer | null): number {
  return bytes === null ? 1 : sizeOfUnsigned(bytes.length * 2) + bytes.length;
}

function writeNullable(buf: Buffer, position: number, bytes: Buffer | null): number {
  if (bytes === null) {
    buf[position] = 1; // zigzag(-1)
    return position + 1;
  }
  position = writeUnsigned(buf, position, bytes.length * 2);
  buf.set(bytes, position);
  return position + bytes.length;
}
