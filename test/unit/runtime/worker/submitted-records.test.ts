// Offsets become committable only up to the first record Kafka has not acknowledged (the
// invariant: an offset is committed only after the data it covers is durable downstream).
import { describe, expect, test } from '@jest/globals';
import { SubmittedRecords } from '../../../../runtime/worker/submitted-records.ts';

describe('SubmittedRecords', () => {
  test('a partition commits only its acknowledged prefix; partitions are independent', () => {
    const s = new SubmittedRecords();
    const a1 = s.submit({ t: 'a' }, { n: 1 });
    const a2 = s.submit({ t: 'a' }, { n: 2 });
    const a3 = s.submit({ t: 'a' }, { n: 3 });
    const b1 = s.submit({ t: 'b' }, { n: 1 });
    s.ack(a1);
    s.ack(a3);
    s.ack(b1);
    expect([...s.committable().offsets.values()]).toEqual([
      { partition: { t: 'a' }, offset: { n: 1 } }, { partition: { t: 'b' }, offset: { n: 1 } },
    ]);
    expect(s.pending).toBe(1);
    expect(s.committable().offsets.size).toBe(0);
    s.ack(a2);
    expect([...s.committable().offsets.values()]).toEqual([{ partition: { t: 'a' }, offset: { n: 3 } }]);
  });

  test('records without a source partition or offset are not tracked', () => {
    const s = new SubmittedRecords();
    expect(s.submit(null, { n: 1 })).toBeNull();
    expect(s.submit({ t: 'a' }, null)).toBeNull();
    expect(s.pending).toBe(0);
  });

  test('taken in many steps (before every poll), the committable offset never passes an unacknowledged record', () => {
    const s = new SubmittedRecords();
    const records = Array.from({ length: 5000 }, (_, n) => s.submit({ t: 'a' }, { n }));
    const committed: number[] = [];
    const take = () => { for (const { offset } of s.committable().offsets.values()) committed.push(offset.n as number); };
    // Acknowledge out of order in chunks; record 2500 is acknowledged last.
    for (let n = 0; n < 5000; n++) if (n !== 2500 && n % 7 !== 3) s.ack(records[n]);
    take();
    for (let n = 3; n < 5000; n += 7) if (n !== 2500) { s.ack(records[n]); take(); }
    expect(committed.at(-1)).toBe(2499);
    expect(s.pending).toBe(1);
    s.ack(records[2500]);
    take();
    expect(committed.at(-1)).toBe(4999);
    expect(committed).toEqual([...committed].sort((a, b) => a - b));
    expect(s.committable().offsets.size).toBe(0);
    // The partition starts afresh after it was fully taken.
    s.ack(s.submit({ t: 'a' }, { n: 5000 }));
    expect([...s.committable().offsets.values()]).toEqual([{ partition: { t: 'a' }, offset: { n: 5000 } }]);
  });

  test('track(): the caller\'s own object is the entry; acks out of order across partitions commit each partition\'s prefix only', () => {
    const s = new SubmittedRecords();
    const entry = (t: string, n: number) => ({ partition: { t }, offset: { n }, acked: true, topic: 'x' });
    const a = [entry('a', 1), entry('a', 2), entry('a', 3)];
    const b = [entry('b', 1), entry('b', 2)];
    for (const r of [a[0], b[0], a[1], b[1], a[2]]) expect(s.track(r)).toBe(true);
    // Tracking resets the flag whatever the caller left in it.
    expect([...a, ...b].every((r) => !r.acked)).toBe(true);
    expect(s.pending).toBe(5);
    // Kafka acknowledges b's request before a's, and a's last record before its first two.
    s.ack(b[1]);
    s.ack(a[2]);
    expect(s.committable().offsets.size).toBe(0);
    s.ack(b[0]);
    s.ack(b[0]); // a second ack of the same record changes nothing
    expect([...s.committable().offsets.values()]).toEqual([{ partition: { t: 'b' }, offset: { n: 2 } }]);
    s.ack(a[0]);
    expect([...s.committable().offsets.values()]).toEqual([{ partition: { t: 'a' }, offset: { n: 1 } }]);
    expect(s.pending).toBe(1);
    s.ack(a[1]);
    expect([...s.committable().offsets.values()]).toEqual([{ partition: { t: 'a' }, offset: { n: 3 } }]);
    expect(s.pending).toBe(0);
  });

  test('track(): a record without a source partition or offset is acknowledged at once and never counted', () => {
    const s = new SubmittedRecords();
    const noOffset = { partition: { t: 'a' }, offset: null, acked: false };
    const noPartition = { partition: null, offset: { n: 1 }, acked: false };
    expect(s.track(noOffset)).toBe(false);
    expect(s.track(noPartition)).toBe(false);
    expect(noOffset.acked && noPartition.acked).toBe(true);
    s.ack(noOffset);
    expect(s.pending).toBe(0);
    expect(s.committable().offsets.size).toBe(0);
  });

  test('partitions with equal content share a queue whatever the object; nested and bigint values too', () => {
    const s = new SubmittedRecords();
    const a = s.submit({ db: 'x', n: 1n, nested: { t: [1, 2] } }, { o: 1 });
    s.submit({ db: 'x', n: 1n, nested: { t: [1, 2] } }, { o: 2 });
    s.ack(a);
    expect([...s.committable().offsets.values()]).toEqual([{ partition: { db: 'x', n: 1n, nested: { t: [1, 2] } }, offset: { o: 1 } }]);
    expect(s.pending).toBe(1);
  });

  test('a partition like the previous one reuses its key only when its content is the same as when that key was made', () => {
    const s = new SubmittedRecords();
    const offsetsOf = () => [...s.committable().offsets.values()].map((e) => [e.partition, e.offset]);
    // A new object per record with the same content: one partition.
    for (let n = 1; n <= 3; n++) s.ack(s.submit({ table: 'users', shard: 2 }, { n }));
    expect(offsetsOf()).toEqual([[{ table: 'users', shard: 2 }, { n: 3 }]]);
    // A different value, an extra key, or the same keys in another order: other partitions (as before).
    for (const p of [{ table: 'users', shard: 3 }, { table: 'users', shard: 3, x: null }, { shard: 3, table: 'users' }]) s.ack(s.submit(p, { n: 1 }));
    expect(offsetsOf()).toHaveLength(3);
    // The previous partition object changed after its key was made: the next one is compared with its content then.
    const changed: Record<string, unknown> = { table: 'orders' };
    s.ack(s.submit(changed, { n: 1 }));
    changed.table = 'users';
    s.ack(s.submit({ table: 'users' }, { n: 2 }));
    expect(offsetsOf()).toEqual([[{ table: 'users' }, { n: 1 }], [{ table: 'users' }, { n: 2 }]]); // keyed 'orders' and 'users'
    // A nested object is compared by content, never by identity: changed in place, it is another partition.
    const nested = { x: 1 };
    const first = s.submit({ db: nested }, { n: 1 });
    nested.x = 2;
    s.submit({ db: nested }, { n: 2 });
    s.ack(first);
    expect(offsetsOf()).toEqual([[{ db: { x: 2 } }, { n: 1 }]]);
    expect(s.pending).toBe(1);
  });
});
