// The producer's record-batch encoder against the broker's reference encoder and decoder: the same
// records give the same bytes uncompressed, and every codec decodes back to the records.
import { describe, expect, test } from '@jest/globals';
import { decodeBatch, encodeBatch, type RecordInput } from '../../../../broker/protocol/records/record-codec.ts';
import { readBatchHeader } from '../../../../broker/protocol/records/batch-header.ts';
import { computeBatchCrc } from '../../../../broker/protocol/records/batch-rewrite.ts';
import type { ProducerRecord } from '../../../../runtime/kafka/producer.ts';
import { encodeRecordBatch, NO_IDENTITY, type Codec } from '../../../../runtime/kafka/record-batch-encoder.ts';

const T0 = 1_700_000_000_000;
const RECORDS: ProducerRecord[] = [
  { topic: 't', key: Buffer.from('key-1'), value: Buffer.from('{"id":1}'), headers: [['trace', Buffer.from('abc')], ['trace', Buffer.from('def')]] },
  { topic: 't', key: null, value: Buffer.from('no key') },
  { topic: 't', key: Buffer.alloc(0), value: null, headers: [] },
  { topic: 't', key: Buffer.from('ключ'), value: Buffer.from('välue € 日本'), headers: [['schlüssel-日本', null], ['empty', Buffer.alloc(0)]] },
  { topic: 't', key: Buffer.from('big'), value: Buffer.alloc(70_000, 7) },
];
// Out of order, one far in the past and one far in the future: deltas beyond 32 bits.
const TIMESTAMPS = [T0, T0 - 5, T0 + 3_000_000_000, 0, T0 + 1];

function asInput(records: ProducerRecord[], timestamps: number[]): RecordInput[] {
  return records.map((r, i) => ({
    key: r.key, value: r.value, timestamp: timestamps[i],
    headers: (r.headers ?? []).map(([key, value]) => ({ key, value })),
  }));
}

const ALL = RECORDS.map((_, i) => i);

describe('encodeRecordBatch', () => {
  test('writes the bytes of the broker\'s reference encoder (no producer id, uncompressed)', () => {
    const ours = encodeRecordBatch(RECORDS, TIMESTAMPS, ALL, NO_IDENTITY, 'none');
    expect(ours.equals(encodeBatch(asInput(RECORDS, TIMESTAMPS)))).toBe(true);
  });

  test('an idempotent batch carries the producer id, epoch and base sequence, with a valid CRC', () => {
    const ours = encodeRecordBatch(RECORDS, TIMESTAMPS, ALL, { producerId: 4_000_000_000n, producerEpoch: 3, baseSequence: 2_147_483_000 }, 'none');
    const reference = encodeBatch(asInput(RECORDS, TIMESTAMPS), { producerId: 4_000_000_000, producerEpoch: 3, baseSequence: 2_147_483_000 });
    expect(ours.equals(reference)).toBe(true);
    const header = readBatchHeader(ours);
    expect([header.producerId, header.producerEpoch, header.baseSequence, header.recordsCount, header.lastOffsetDelta]).toEqual([4_000_000_000, 3, 2_147_483_000, 5, 4]);
    expect([header.baseTimestamp, header.maxTimestamp]).toEqual([T0, T0 + 3_000_000_000]);
    expect(header.crc).toBe(computeBatchCrc(ours));
  });

  test('encodes only the records named, in the order named, with offset deltas from 0', () => {
    const ours = encodeRecordBatch(RECORDS, TIMESTAMPS, [3, 1], NO_IDENTITY, 'none');
    const decoded = decodeBatch(ours).records;
    expect(decoded.map((r) => [r.offset, r.timestamp, r.value?.toString()])).toEqual([[0, 0, 'välue € 日本'], [1, T0 - 5, 'no key']]);
  });

  test.each<Codec>(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('%s: decodes back to the records, their headers and timestamps', (codec) => {
    const ours = encodeRecordBatch(RECORDS, TIMESTAMPS, ALL, NO_IDENTITY, codec);
    const { header, records } = decodeBatch(ours);
    expect(header.attributes & 0x07).toBe(['none', 'gzip', 'snappy', 'lz4', 'zstd'].indexOf(codec));
    expect(header.crc).toBe(computeBatchCrc(ours));
    expect(records.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers }))).toEqual(
      asInput(RECORDS, TIMESTAMPS).map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers })));
  });
});
