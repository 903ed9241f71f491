// The group → __consumer_offsets partition mapping must be Kafka's, so a Kafka broker reading
// these logs (or a tool computing the coordinator partition) agrees with us.
import { describe, expect, test } from '@jest/globals';
import { javaStringHashCode, offsetsPartitionFor } from '../../../../broker/coordinator/offsets-topic.ts';

describe('offsetsPartitionFor', () => {
  test("matches Java's String.hashCode, including overflow and non-ASCII", () => {
    // JVM values: "hello".hashCode() = 99162322; "polygenelubricants" is the classic MIN_VALUE hash.
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(javaStringHashCode('é€')).toBe(233 * 31 + 8364);
  });

  test('abs(hashCode) % partitions, with Integer.MIN_VALUE mapping to partition 0 as in Utils.abs', () => {
    expect(offsetsPartitionFor('hello', 50)).toBe(99162322 % 50);
    expect(offsetsPartitionFor('polygenelubricants', 50)).toBe(0);
    const negative = 'Aa-negative-hash-group';
    const h = javaStringHashCode(negative);
    expect(offsetsPartitionFor(negative, 50)).toBe(Math.abs(h) % 50);
  });
});
