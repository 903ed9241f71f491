import { describe, expect, test } from '@jest/globals';
import {
  CRC_OFFSET, LAST_OFFSET_DELTA_OFFSET, MAX_TIMESTAMP_OFFSET, RECORDS_COUNT_OFFSET, RECORDS_OFFSET, compressionCodecOf,
  isControlBatch, isTransactional, readBatchHeader, type CompressionCodec,
} from '../../../../../broker/protocol/records/batch-header.ts';
import { applyTopicCompression, recompressBatch, targetCodec } from '../../../../../broker/protocol/records/batch-recompression.ts';
import { computeBatchCrc } from '../../../../../broker/protocol/records/batch-rewrite.ts';
import { inspectBatch } from '../../../../../broker/protocol/records/batch-validation.ts';
import { decodeBatch, encodeBatch, type EncodeBatchOptions } from '../../../../../broker/protocol/records/record-codec.ts';
import { ByteReader } from '../../../../../broker/protocol/records/varint.ts';

const records = [
  { key: Buffer.from('k0'), value: Buffer.from('first '.repeat(50)), timestamp: 1_700_000_000_100, headers: [{ key: 'h', value: Buffer.from('x') }] },
  { key: null, value: Buffer.from('second '.repeat(50)), timestamp: 1_700_000_000_300, headers: [] },
  { key: Buffer.from(''), value: null, timestamp: 1_700_000_000_200, headers: [{ key: 'empty', value: null }] },
];

const batch = (compression: CompressionCodec, options: EncodeBatchOptions = {}) => encodeBatch(records, { compression, ...options });

/** What a reader sees of a batch: record contents and the header fields recompression must keep. */
function contentOf(bytes: Buffer) {
  const { header, records: decoded } = decodeBatch(bytes);
  return {
    records: decoded.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })),
    producer: [header.producerId, header.producerEpoch, header.baseSequence],
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    transactional: isTransactional(header.attributes),
    lastOffsetDelta: header.lastOffsetDelta,
    recordsCount: header.recordsCount,
    baseTimestamp: header.baseTimestamp,
  };
}

describe('targetCodec: Kafka BrokerCompressionType', () => {
  test('producer keeps the batch codec; uncompressed means none; a codec names itself', () => {
    expect(targetCodec('producer', 'snappy')).toBe('snappy');
    expect(targetCodec('uncompressed', 'lz4')).toBe('none');
    expect(targetCodec('zstd', 'none')).toBe('zstd');
  });
});

describe('recompressBatch', () => {
  const pairs: [CompressionCodec, CompressionCodec][] = [
    ['none', 'lz4'], ['lz4', 'none'], ['gzip', 'zstd'], ['snappy', 'gzip'], ['zstd', 'snappy'], ['none', 'gzip'],
  ];
  test.each(pairs)('%s -> %s: same records and producer fields, new codec bits, valid CRC', (from, to) => {
    const options = { producerId: 4242, producerEpoch: 3, baseSequence: 17, partitionLeaderEpoch: 5, isTransactional: true };
    const original = batch(from, options);
    const rebuilt = recompressBatch(original, readBatchHeader(original), to);
    const header = readBatchHeader(rebuilt);
    expect(compressionCodecOf(header.attributes)).toBe(to);
    expect(inspectBatch(rebuilt).kind).toBe('valid');
    expect(header.batchLength + 12).toBe(rebuilt.length);
    expect(contentOf(rebuilt)).toEqual(contentOf(original));
    expect(contentOf(rebuilt).producer).toEqual([4242, 3, 17]);
    expect(contentOf(rebuilt).transactional).toBe(true);
  });

  test('the records of an uncompressed target are the producer record bytes, unchanged', () => {
    const plain = batch('none');
    const rebuilt = recompressBatch(batch('lz4'), readBatchHeader(batch('lz4')), 'none');
    expect(rebuilt.subarray(RECORDS_OFFSET)).toEqual(plain.subarray(RECORDS_OFFSET));
  });

  test('maxTimestamp is recomputed from the records (a producer may leave it at -1)', () => {
    const original = batch('none');
    original.writeBigInt64BE(-1n, MAX_TIMESTAMP_OFFSET);
    original.writeUInt32BE(computeBatchCrc(original, 0), CRC_OFFSET);
    const rebuilt = recompressBatch(original, readBatchHeader(original), 'lz4');
    expect(readBatchHeader(rebuilt).maxTimestamp).toBe(1_700_000_000_300);
  });

  test('a LogAppendTime batch keeps its maxTimestamp (every record reads it as its time)', () => {
    const original = batch('none', { logAppendTime: true, timestamp: 1_700_000_000_100 });
    original.writeBigInt64BE(1_800_000_000_000n, MAX_TIMESTAMP_OFFSET);
    original.writeUInt32BE(computeBatchCrc(original, 0), CRC_OFFSET);
    const rebuilt = recompressBatch(original, readBatchHeader(original), 'gzip');
    expect(readBatchHeader(rebuilt).maxTimestamp).toBe(1_800_000_000_000);
    expect(decodeBatch(rebuilt).records.map((r) => r.timestamp)).toEqual([1_800_000_000_000, 1_800_000_000_000, 1_800_000_000_000]);
  });

  test('inner offset deltas that do not run 0, 1, 2 are renumbered, as Kafka rebuilds them', () => {
    const original = batch('none');
    // Where each record's offsetDelta varint sits; deltas 0, 1, 2 are one byte each (zig-zag 0, 2, 4).
    const reader = new ByteReader(original, RECORDS_OFFSET);
    const offsetDeltaPositions: number[] = [];
    for (let i = 0; i < 3; i++) {
      const length = reader.readVarint();
      const end = reader.position + length;
      reader.readInt8();
      reader.readVarlong();
      offsetDeltaPositions.push(reader.position);
      reader.position = end;
    }
    const offsetDeltaAt = (i: number) => offsetDeltaPositions[i];
    expect([0, 1, 2].map((i) => original[offsetDeltaAt(i)])).toEqual([0, 2, 4]);
    // Records 1 and 2 get offset deltas 5 and 9 (zig-zag 10 and 18: still one byte each).
    original[offsetDeltaAt(1)] = 10;
    original[offsetDeltaAt(2)] = 18;
    original.writeUInt32BE(computeBatchCrc(original, 0), CRC_OFFSET);
    expect(decodeBatch(original).records.map((r) => r.offset)).toEqual([0, 5, 9]);

    const rebuilt = recompressBatch(original, readBatchHeader(original), 'lz4');
    expect(decodeBatch(rebuilt).records.map((r) => [r.offset, r.value?.toString().slice(0, 6)])).toEqual([[0, 'first '], [1, 'second'], [2, undefined]]);
  });

  test('bytes after the announced records are CORRUPT_MESSAGE', () => {
    const original = batch('none');
    original.writeInt32BE(1, LAST_OFFSET_DELTA_OFFSET);
    original.writeInt32BE(2, RECORDS_COUNT_OFFSET);
    original.writeUInt32BE(computeBatchCrc(original, 0), CRC_OFFSET);
    expect(() => recompressBatch(original, readBatchHeader(original), 'lz4')).toThrow(expect.objectContaining({ errorName: 'CORRUPT_MESSAGE' }));
  });
});

describe('applyTopicCompression', () => {
  test('producer, or the batch codec itself, keeps the very same buffer', () => {
    const lz4 = batch('lz4');
    expect(applyTopicCompression(lz4, readBatchHeader(lz4), 'producer')).toBe(lz4);
    expect(applyTopicCompression(lz4, readBatchHeader(lz4), 'lz4')).toBe(lz4);
    const plain = batch('none');
    expect(applyTopicCompression(plain, readBatchHeader(plain), 'uncompressed')).toBe(plain);
  });

  test('a different codec rebuilds the batch', () => {
    const plain = batch('none');
    const stored = applyTopicCompression(plain, readBatchHeader(plain), 'zstd');
    expect(compressionCodecOf(readBatchHeader(stored).attributes)).toBe('zstd');
  });

  test('control batches (transaction markers) are never recompressed', () => {
    const marker = encodeBatch([{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }],
      { isControl: true, isTransactional: true, producerId: 7, producerEpoch: 0 });
    const stored = applyTopicCompression(marker, readBatchHeader(marker), 'gzip');
    expect(stored).toBe(marker);
    expect(isControlBatch(readBatchHeader(stored).attributes)).toBe(true);
  });
});
