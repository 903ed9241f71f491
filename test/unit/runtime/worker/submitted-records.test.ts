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
});
