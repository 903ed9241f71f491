import { describe, expect, test } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { compressSync as rawSnappy } from 'snappy';
import { BASE_TIMESTAMP_OFFSET, CODECS, readBatchHeader, type CompressionCodec } from '../../../../../broker/protocol/records/batch-header.ts';
import { setBaseOffset, setLogAppendTime } from '../../../../../broker/protocol/records/batch-rewrite.ts';
import { validateProduceBatch } from '../../../../../broker/protocol/records/batch-validation.ts';
import { decompress } from '../../../../../broker/protocol/records/compression.ts';
import { decodeBatch, encodeBatch, readControlType, type RecordInput } from '../../../../../broker/protocol/records/record-codec.ts';

const T0 = 1_700_000_000_000;
const records: RecordInput[] = [
  { key: Buffer.from('user-1'), value: Buffer.from('{"a":1}'), timestamp: T0, headers: [{ key: 'trace', value: Buffer.from('x1') }, { key: 'empty', value: null }] },
  { key: null, value: Buffer.from('no key'.repeat(100)), timestamp: T0 + 5 },
  { key: Buffer.from('tombstone'), value: null, timestamp: T0 - 3 },
  { key: Buffer.alloc(0), value: Buffer.alloc(0), timestamp: T0 + 2 ** 33 },
];

describe('encodeBatch / decodeBatch', () => {
  test.each(CODECS.map((c) => [c]))('round-trips records with %s compression', (codec) => {
    const batch = encodeBatch(records, { compression: codec as CompressionCodec, baseOffset: 100 });
    validateProduceBatch(batch, { maxMessageBytes: 1 << 20 });
    const { header, records: decoded } = decodeBatch(batch);
    expect(header.attributes & 7).toBe(CODECS.indexOf(codec as CompressionCodec));
    expect(header.baseTimestamp).toBe(T0);
    expect(header.maxTimestamp).toBe(T0 + 2 ** 33);
    expect(decoded.map((r) => r.offset)).toEqual([100, 101, 102, 103]);
    expect(decoded.map((r) => r.timestamp)).toEqual(records.map((r) => r.timestamp));
    expect(decoded[0].key?.toString()).toBe('user-1');
    expect(decoded[0].headers).toEqual([{ key: 'trace', value: Buffer.from('x1') }, { key: 'empty', value: null }]);
    expect(decoded[1].key).toBeNull();
    expect(decoded[1].value?.toString()).toBe('no key'.repeat(100));
    expect(decoded[2].value).toBeNull();
    expect(decoded[3].key).toEqual(Buffer.alloc(0));
  });

  test('compressed batches are smaller than the plain one for repetitive data', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ value: Buffer.from(`repetitive payload ${i % 3}`) }));
    const plain = encodeBatch(many).length;
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
      expect(encodeBatch(many, { compression: codec }).length).toBeLessThan(plain / 2);
    }
  });

  test('transactional and control bits survive encoding and the marker type is readable', () => {
    const batch = encodeBatch([{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 5]) }],
      { isControl: true, isTransactional: true, producerId: 42, producerEpoch: 3 });
    const { header, records: [marker] } = decodeBatch(batch);
    expect(header.attributes & 0x30).toBe(0x30);
    expect(header.producerId).toBe(42);
    expect(header.producerEpoch).toBe(3);
    expect(readControlType(marker)).toBe('COMMIT');
  });
});

describe('in-place rewrites', () => {
  test('setBaseOffset shifts every record offset and keeps the CRC valid', () => {
    const batch = encodeBatch(records, { compression: 'lz4' });
    setBaseOffset(batch, 0, 2 ** 40);
    expect(() => validateProduceBatch(batch, { maxMessageBytes: 1 << 20 })).not.toThrow();
    expect(decodeBatch(batch).records.map((r) => r.offset)).toEqual([0, 1, 2, 3].map((d) => 2 ** 40 + d));
  });

  test('setLogAppendTime sets the type bit and maxTimestamp with a valid CRC; records read the append time', () => {
    const batch = encodeBatch(records, { compression: 'zstd' });
    const before = readBatchHeader(batch);
    setLogAppendTime(batch, 0, T0 + 999);
    const header = validateProduceBatch(batch, { maxMessageBytes: 1 << 20 });
    expect(header.attributes & 0x08).toBe(0x08);
    expect(header.maxTimestamp).toBe(T0 + 999);
    expect(batch.readBigInt64BE(BASE_TIMESTAMP_OFFSET)).toBe(BigInt(before.baseTimestamp));
    expect(decodeBatch(batch).records.every((r) => r.timestamp === T0 + 999)).toBe(true);
  });
});

describe('decompress accepts the framings other clients send', () => {
  test('a bare snappy block (no xerial header)', () => {
    expect(decompress('snappy', rawSnappy(Buffer.from('plain block'))).toString()).toBe('plain block');
  });

  test('gzip from another encoder', () => {
    expect(decompress('gzip', gzipSync(Buffer.from('hello'))).toString()).toBe('hello');
  });

  test('garbage is CORRUPT_MESSAGE', () => {
    expect(() => decompress('zstd', Buffer.from('not zstd at all'))).toThrow(expect.objectContaining({ errorName: 'CORRUPT_MESSAGE' }));
  });
});
