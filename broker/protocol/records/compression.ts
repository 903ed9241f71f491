// The record-batch compression codecs, framed exactly as Kafka's clients frame them:
// gzip (RFC 1952), snappy in xerial's stream framing (what the Java client writes; a bare snappy
// block is also accepted since some clients send one), LZ4 in the LZ4 frame format, and zstd.
import { gunzipSync, gzipSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { KafkaError } from '../../kafka-error.ts';
import type { CompressionCodec } from './batch-header.ts';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = XERIAL_MAGIC.length + 8;
/** snappy-java's default block size, so our blocks look like the Java producer's. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

export function decompress(codec: CompressionCodec, data: Buffer): Buffer {
  try {
    switch (codec) {
      case 'none': return data;
      case 'gzip': return gunzipSync(data);
      case 'snappy': return decompressSnappy(data);
      case 'lz4': return decompressFrameSync(data);
      case 'zstd': return zstdDecompressSync(data);
    }
  } catch (cause) {
    if (cause instanceof KafkaError) throw cause;
    throw new KafkaError('CORRUPT_MESSAGE', `${codec} data cannot be decompressed: ${(cause as Error).message}`, { cause });
  }
}

export function compress(codec: CompressionCodec, data: Buffer): Buffer {
  switch (codec) {
    case 'none': return data;
    case 'gzip': return gzipSync(data);
    case 'snappy': return compressSnappyXerial(data);
    case 'lz4': return compressFrameSync(data);
    case 'zstd': return zstdCompressSync(data);
  }
}

function decompressSnappy(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_SIZE || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return toBuffer(snappyUncompress(data));
  }
  const blocks: Buffer[] = [];
  let position = XERIAL_HEADER_SIZE;
  while (position < data.length) {
    if (position + 4 > data.length) throw new KafkaError('CORRUPT_MESSAGE', 'xerial snappy block length is truncated');
    const length = data.readInt32BE(position);
    position += 4;
    if (length < 0 || position + length > data.length) {
      throw new KafkaError('CORRUPT_MESSAGE', `xerial snappy block of ${length} bytes overruns the data`);
    }
    blocks.push(toBuffer(snappyUncompress(data.subarray(position, position + length))));
    position += length;
  }
  return Buffer.concat(blocks);
}

function compressSnappyXerial(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, XERIAL_MAGIC.length); // version
  header.writeInt32BE(1, XERIAL_MAGIC.length + 4); // minimum compatible version
  const parts: Buffer[] = [header];
  for (let start = 0; start < data.length; start += XERIAL_BLOCK_SIZE) {
    const block = snappyCompress(data.subarray(start, start + XERIAL_BLOCK_SIZE));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function toBuffer(output: string | Buffer): Buffer {
  return typeof output === 'string' ? Buffer.from(output) : output;
}
