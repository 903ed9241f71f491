// The idempotence rules of ProducerStateManager, one by one, on batch headers alone.
import { describe, expect, test } from '@jest/globals';
import { KafkaError } from '../../../../broker/kafka-error.ts';
import { BATCHES_KEPT, ProducerStateManager, type ProducerBatch } from '../../../../broker/log/producer-state.ts';
import { MAX_SEQUENCE, incrementSequence, inSequence } from '../../../../broker/log/producer-state-sequence.ts';
import { CONTROL_MASK, TRANSACTIONAL_MASK } from '../../../../broker/protocol/records/batch-header.ts';

const PID = 42;

function batch(baseSequence: number, records = 1, epoch = 0, producerId = PID, attributes = 0): ProducerBatch {
  return { producerId, producerEpoch: epoch, baseSequence, lastOffsetDelta: records - 1, attributes };
}

/** Plays the log's part: check, then (unless a duplicate) assign offsets and update. */
class FakeLog {
  readonly state = new ProducerStateManager();
  nextOffset = 0;

  append(b: ProducerBatch): { baseOffset: number; duplicate: boolean } {
    const duplicate = this.state.check(b);
    if (duplicate !== null) return { baseOffset: duplicate.firstOffset, duplicate: true };
    const baseOffset = this.nextOffset;
    this.nextOffset += b.lastOffsetDelta + 1;
    this.state.update(b, baseOffset, this.nextOffset - 1, 1_000 + baseOffset);
    return { baseOffset, duplicate: false };
  }
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KafkaError) return err.errorName;
    throw err;
  }
  return 'no error';
}

describe('sequence arithmetic', () => {
  test('wraps from Int32 max to 0', () => {
    expect(incrementSequence(10, 4)).toBe(14);
    expect(incrementSequence(MAX_SEQUENCE - 1, 1)).toBe(MAX_SEQUENCE);
    expect(incrementSequence(MAX_SEQUENCE, 1)).toBe(0);
    expect(incrementSequence(MAX_SEQUENCE - 1, 4)).toBe(2);
    expect(inSequence(MAX_SEQUENCE, 0)).toBe(true);
    expect(inSequence(MAX_SEQUENCE - 1, 0)).toBe(false);
    expect(inSequence(-1, 0)).toBe(true);
  });
});

describe('duplicates', () => {
  test.each([0, 1, 2, 3, 4])('a retry of the batch %i of the last five gets its original offset and is not appended', (which) => {
    const log = new FakeLog();
    const sent = [0, 3, 6, 9, 12, 15].map((seq) => batch(seq, 3));
    const offsets = sent.map((b) => log.append(b).baseOffset);
    expect(offsets).toEqual([0, 3, 6, 9, 12, 15]);
    // The cache holds the last five: batches 1..5 of the six sent.
    const retried = which + 1;
    expect(log.append(sent[retried])).toEqual({ baseOffset: offsets[retried], duplicate: true });
    expect(log.nextOffset).toBe(18);
  });

  test('only five batches are remembered: a retry of an older one is out of order', () => {
    const log = new FakeLog();
    for (let seq = 0; seq < BATCHES_KEPT + 1; seq++) log.append(batch(seq));
    expect(errorOf(() => log.append(batch(0)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.state.entry(PID)?.batches.map((b) => b.firstSeq)).toEqual([1, 2, 3, 4, 5]);
  });

  test('a batch overlapping a cached one without matching its range is not a duplicate', () => {
    const log = new FakeLog();
    log.append(batch(0, 3));
    expect(errorOf(() => log.append(batch(0, 2)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(errorOf(() => log.append(batch(1, 2)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
  });

  test('the same sequence range from another epoch is not a duplicate', () => {
    const log = new FakeLog();
    log.append(batch(0, 1, 0));
    expect(log.append(batch(0, 1, 1))).toEqual({ baseOffset: 1, duplicate: false });
  });
});

describe('sequence order', () => {
  test('a gap is OUT_OF_ORDER_SEQUENCE_NUMBER and changes nothing', () => {
    const log = new FakeLog();
    log.append(batch(0, 2));
    expect(errorOf(() => log.append(batch(3)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.append(batch(2))).toEqual({ baseOffset: 2, duplicate: false });
  });

  test('a producer the partition has no state for may start at any sequence', () => {
    const log = new FakeLog();
    expect(log.append(batch(500))).toEqual({ baseOffset: 0, duplicate: false });
    expect(errorOf(() => log.append(batch(502)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.append(batch(501))).toEqual({ baseOffset: 1, duplicate: false });
  });

  test('sequences wrap from Int32 max to 0, and a batch spanning the wrap is deduplicated', () => {
    const log = new FakeLog();
    log.append(batch(MAX_SEQUENCE - 4, 3));
    const spanning = batch(MAX_SEQUENCE - 1, 4); // MAX-1, MAX, 0, 1
    expect(log.append(spanning)).toEqual({ baseOffset: 3, duplicate: false });
    expect(log.state.entry(PID)?.batches.at(-1)).toMatchObject({ firstSeq: MAX_SEQUENCE - 1, lastSeq: 1 });
    expect(log.append(spanning)).toEqual({ baseOffset: 3, duplicate: true });
    expect(errorOf(() => log.append(batch(3)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.append(batch(2))).toEqual({ baseOffset: 7, duplicate: false });
  });

  test('after Int32 max the next batch starts at 0', () => {
    const log = new FakeLog();
    log.append(batch(MAX_SEQUENCE - 1, 2));
    expect(errorOf(() => log.append(batch(MAX_SEQUENCE)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.append(batch(0))).toEqual({ baseOffset: 2, duplicate: false });
  });
});

describe('epochs', () => {
  test('an older epoch is fenced with INVALID_PRODUCER_EPOCH, even for a batch it wrote', () => {
    const log = new FakeLog();
    const old = batch(0, 1, 3);
    log.append(old);
    log.append(batch(0, 1, 4));
    expect(errorOf(() => log.append(old))).toBe('INVALID_PRODUCER_EPOCH');
    expect(errorOf(() => log.append(batch(1, 1, 3)))).toBe('INVALID_PRODUCER_EPOCH');
  });

  test('an epoch bump (KIP-360) restarts at sequence 0 and forgets the old epoch\'s batches', () => {
    const log = new FakeLog();
    for (let seq = 0; seq < 3; seq++) log.append(batch(seq, 1, 0));
    expect(errorOf(() => log.append(batch(3, 1, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.append(batch(0, 1, 1))).toEqual({ baseOffset: 3, duplicate: false });
    expect(log.state.entry(PID)).toMatchObject({ epoch: 1, batches: [{ firstSeq: 0, firstOffset: 3 }] });
    expect(log.append(batch(1, 1, 1))).toEqual({ baseOffset: 4, duplicate: false });
  });
});

describe('what the state leaves alone or keeps', () => {
  test('batches without a producer id are never checked nor remembered', () => {
    const log = new FakeLog();
    const plain = batch(-1, 2, -1, -1);
    expect(log.append(plain)).toEqual({ baseOffset: 0, duplicate: false });
    expect(log.append(plain)).toEqual({ baseOffset: 2, duplicate: false });
    expect(log.state.size).toBe(0);
  });

  test('a producer id without a sequence is an invalid record', () => {
    expect(errorOf(() => new FakeLog().append(batch(-1)))).toBe('INVALID_RECORD');
  });

  test('producers are independent', () => {
    const log = new FakeLog();
    log.append(batch(0, 1, 0, 1));
    log.append(batch(7, 1, 0, 2));
    expect(log.append(batch(1, 1, 0, 1))).toEqual({ baseOffset: 2, duplicate: false });
    expect(log.append(batch(7, 1, 0, 2))).toEqual({ baseOffset: 1, duplicate: true });
  });

  test('a transactional batch records where its transaction began; a marker ends it', () => {
    const log = new FakeLog();
    log.append(batch(0, 1));
    log.append(batch(1, 2, 0, PID, TRANSACTIONAL_MASK));
    log.append(batch(3, 1, 0, PID, TRANSACTIONAL_MASK));
    expect(log.state.entry(PID)?.currentTxnFirstOffset).toBe(1);
    const marker = batch(-1, 1, 0, PID, CONTROL_MASK | TRANSACTIONAL_MASK);
    expect(log.state.check(marker, 'coordinator')).toBeNull();
    log.state.update(marker, 4, 4, 2_000);
    expect(log.state.entry(PID)).toMatchObject({ currentTxnFirstOffset: null, lastOffset: 4 });
  });

  test('expiry drops a producer only when idle for producer.id.expiration.ms and below the log start', () => {
    const state = new ProducerStateManager({ producerIdExpirationMs: 1_000 });
    state.update(batch(0, 1, 0, 1), 0, 0, 10_000);
    state.update(batch(0, 1, 0, 2), 1, 1, 10_000);
    state.update(batch(0, 1, 0, 3), 2, 2, 19_500);
    expect(state.removeExpired(20_000, 1)).toBe(1); // only 1: idle and deleted
    expect([...state.entries()].map((e) => e.producerId)).toEqual([2, 3]);
    expect(state.removeExpired(20_000, 3)).toBe(1); // 2 now too; 3 is not idle long enough
    expect([...state.entries()].map((e) => e.producerId)).toEqual([3]);
  });
});
