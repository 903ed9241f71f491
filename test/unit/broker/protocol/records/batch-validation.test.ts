import { describe, expect, test } from '@jest/globals';
import { crc32c } from '@node-rs/crc32';
import { KafkaError } from '../../../../../broker/kafka-error.ts';
import {
  ATTRIBUTES_OFFSET, BATCH_LENGTH_OFFSET, CRC_OFFSET, LAST_OFFSET_DELTA_OFFSET, MAGIC_OFFSET, RECORDS_COUNT_OFFSET, readBatchHeader,
} from '../../../../../broker/protocol/records/batch-header.ts';
import { inspectBatch, validateProduceBatch } from '../../../../../broker/protocol/records/batch-validation.ts';
import { iterateBatches } from '../../../../../broker/protocol/records/batch-iterator.ts';
import { encodeBatch } from '../../../../../broker/protocol/records/record-codec.ts';

const limits = { maxMessageBytes: 1024 * 1024 };

function goodBatch(count = 3): Buffer {
  return encodeBatch(Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`value-${i}`) })), { timestamp: 1_700_000_000_000 });
}

/** Re-signs a batch after a header edit, so the test isolates the rule under test from the CRC rule. */
function resign(batch: Buffer): Buffer {
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES_OFFSET)) >>> 0, CRC_OFFSET);
  return batch;
}

function errorOf(fn: () => unknown): KafkaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KafkaError) return err;
    throw err;
  }
  throw new Error('expected a KafkaError');
}

describe('validateProduceBatch', () => {
  test('accepts a well-formed batch and returns its header', () => {
    const header = validateProduceBatch(goodBatch(3), limits);
    expect(header).toMatchObject({ magic: 2, lastOffsetDelta: 2, recordsCount: 3, producerId: -1 });
  });

  test('a flipped byte in the records is CORRUPT_MESSAGE (CRC mismatch)', () => {
    const batch = goodBatch();
    batch[batch.length - 2] ^= 0xff;
    const err = errorOf(() => validateProduceBatch(batch, limits));
    expect(err.errorName).toBe('CORRUPT_MESSAGE');
    expect(err.message).toMatch(/CRC/);
  });

  test('magic other than 2 is INVALID_RECORD', () => {
    const batch = goodBatch();
    batch.writeInt8(1, MAGIC_OFFSET);
    expect(errorOf(() => validateProduceBatch(batch, limits)).errorName).toBe('INVALID_RECORD');
  });

  test('batchLength longer than the data is CORRUPT_MESSAGE', () => {
    const batch = goodBatch();
    batch.writeInt32BE(batch.readInt32BE(BATCH_LENGTH_OFFSET) + 10, BATCH_LENGTH_OFFSET);
    expect(errorOf(() => validateProduceBatch(batch, limits)).errorName).toBe('CORRUPT_MESSAGE');
  });

  test('batchLength below the header minimum is CORRUPT_MESSAGE', () => {
    const batch = goodBatch();
    batch.writeInt32BE(20, BATCH_LENGTH_OFFSET);
    expect(errorOf(() => validateProduceBatch(batch, limits)).message).toMatch(/minimum/);
  });

  test('trailing bytes that are not a batch are CORRUPT_MESSAGE', () => {
    const batch = Buffer.concat([goodBatch(), Buffer.from([1, 2, 3])]);
    expect(errorOf(() => validateProduceBatch(batch, limits)).errorName).toBe('CORRUPT_MESSAGE');
  });

  test('two batches for one partition are INVALID_RECORD', () => {
    const err = errorOf(() => validateProduceBatch(Buffer.concat([goodBatch(), goodBatch()]), limits));
    expect(err.errorName).toBe('INVALID_RECORD');
    expect(err.message).toMatch(/exactly one/);
  });

  test('records count that disagrees with lastOffsetDelta is INVALID_RECORD', () => {
    const batch = goodBatch(3);
    batch.writeInt32BE(2, RECORDS_COUNT_OFFSET);
    expect(errorOf(() => validateProduceBatch(resign(batch), limits)).errorName).toBe('INVALID_RECORD');
  });

  test('negative lastOffsetDelta is INVALID_RECORD', () => {
    const batch = goodBatch(1);
    batch.writeInt32BE(-1, LAST_OFFSET_DELTA_OFFSET);
    expect(errorOf(() => validateProduceBatch(resign(batch), limits)).errorName).toBe('INVALID_RECORD');
  });

  test('a batch larger than max.message.bytes is MESSAGE_TOO_LARGE', () => {
    const batch = goodBatch(50);
    expect(errorOf(() => validateProduceBatch(batch, { maxMessageBytes: batch.length - 1 })).errorName).toBe('MESSAGE_TOO_LARGE');
    expect(() => validateProduceBatch(batch, { maxMessageBytes: batch.length })).not.toThrow();
  });

  test('control batches are refused from clients but allowed for the coordinator', () => {
    const marker = encodeBatch([{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.alloc(6) }], { isControl: true, isTransactional: true, producerId: 7 });
    expect(errorOf(() => validateProduceBatch(marker, limits)).errorName).toBe('INVALID_RECORD');
    expect(validateProduceBatch(marker, { ...limits, allowControlBatches: true }).producerId).toBe(7);
  });

  test('fewer bytes than a header is CORRUPT_MESSAGE', () => {
    expect(errorOf(() => validateProduceBatch(goodBatch().subarray(0, 30), limits)).errorName).toBe('CORRUPT_MESSAGE');
  });
});

describe('inspectBatch and iterateBatches', () => {
  test('a torn batch is incomplete, not invalid', () => {
    const batch = goodBatch();
    expect(inspectBatch(batch, 0, batch.length - 1).kind).toBe('incomplete');
    expect(inspectBatch(batch, 0, 5).kind).toBe('incomplete');
  });

  test('iterates concatenated batches and ignores a trailing partial one', () => {
    const a = goodBatch(2);
    const b = goodBatch(4);
    const views = [...iterateBatches(Buffer.concat([a, b, b.subarray(0, 40)]))];
    expect(views.map((v) => [v.position, v.header.recordsCount])).toEqual([[0, 2], [a.length, 4]]);
    expect(readBatchHeader(views[1].bytes).recordsCount).toBe(4);
  });

  test('iteration stops with an error at a corrupt batch', () => {
    const b = goodBatch();
    b[b.length - 1] ^= 1;
    expect(() => [...iterateBatches(Buffer.concat([goodBatch(), b]))]).toThrow(/CRC/);
  });
});
