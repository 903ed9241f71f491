import { expect, test } from '@jest/globals';
import { CRC_OFFSET, MAX_TIMESTAMP_OFFSET, readBatchHeader } from '../../../../../broker/protocol/records/batch-header.ts';
import { computeBatchCrc } from '../../../../../broker/protocol/records/batch-rewrite.ts';
import { repairMaxTimestamp } from '../../../../../broker/protocol/records/max-timestamp.ts';
import { encodeBatch } from '../../../../../broker/protocol/records/record-codec.ts';

function batchWithoutMaxTimestamp(compression: 'none' | 'lz4') {
  const batch = encodeBatch([1000, 3000, 2000].map((timestamp) => ({ value: Buffer.from('v'), timestamp })), { compression });
  batch.writeBigInt64BE(-1n, MAX_TIMESTAMP_OFFSET);
  batch.writeUInt32BE(computeBatchCrc(batch, 0), CRC_OFFSET);
  return batch;
}

test.each(['none', 'lz4'] as const)('a %s batch with maxTimestamp -1 gets the largest record timestamp and a valid CRC', (codec) => {
  const batch = batchWithoutMaxTimestamp(codec);
  expect(repairMaxTimestamp(batch, readBatchHeader(batch))).toBe(3000);
  const header = readBatchHeader(batch);
  expect(header.maxTimestamp).toBe(3000);
  expect(batch.readUInt32BE(CRC_OFFSET)).toBe(computeBatchCrc(batch, 0));
});

test('a well-formed batch is left alone', () => {
  const batch = encodeBatch([{ value: Buffer.from('v'), timestamp: 5000 }]);
  const before = Buffer.from(batch);
  expect(repairMaxTimestamp(batch, readBatchHeader(batch))).toBe(5000);
  expect(batch).toEqual(before);
});
