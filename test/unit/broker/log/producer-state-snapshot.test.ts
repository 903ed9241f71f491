// The snapshot format: every field round-trips, and any damage is detected rather than loaded.
import { describe, expect, test } from '@jest/globals';
import { decodeSnapshot, encodeSnapshot } from '../../../../broker/log/producer-state-snapshot.ts';
import type { ProducerEntry } from '../../../../broker/log/producer-state.ts';

const entries: ProducerEntry[] = [
  {
    producerId: 2 ** 40 + 3, epoch: 32_000, lastOffset: 2 ** 45, lastTimestamp: 1_700_000_000_123,
    currentTxnFirstOffset: 2 ** 44, coordinatorEpoch: 9,
    batches: Array.from({ length: 5 }, (_, i) => ({
      firstSeq: 0x7fffff00 + i * 10, lastSeq: 0x7fffff09 + i * 10, firstOffset: 2 ** 45 - 50 + i * 10, lastOffset: 2 ** 45 - 41 + i * 10, timestamp: 1_700_000_000_000 + i,
    })),
  },
  { producerId: 0, epoch: 0, lastOffset: 0, lastTimestamp: -1, currentTxnFirstOffset: null, coordinatorEpoch: -1, batches: [] },
];

describe('producer state snapshot format', () => {
  test('round-trips every field', () => {
    expect(decodeSnapshot(encodeSnapshot(entries))).toEqual(entries);
    expect(decodeSnapshot(encodeSnapshot([]))).toEqual([]);
  });

  test('a flipped bit anywhere is caught by the CRC (or the version check)', () => {
    const bytes = encodeSnapshot(entries);
    for (const at of [0, 3, 7, 20, bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x10;
      expect(() => decodeSnapshot(damaged)).toThrow(/CRC|version/);
    }
  });

  test('a truncated or extended file is refused', () => {
    const bytes = encodeSnapshot(entries);
    expect(() => decodeSnapshot(bytes.subarray(0, 5))).toThrow(/shorter than its header/);
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 8))).toThrow(/CRC/);
    expect(() => decodeSnapshot(Buffer.concat([bytes, Buffer.alloc(4)]))).toThrow(/CRC/);
  });
});
