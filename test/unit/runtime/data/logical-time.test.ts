import { describe, expect, test } from '@jest/globals';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../../../runtime/data/logical-time.ts';

describe('Date, Time and Timestamp logical types', () => {
  test('schemas carry Kafka names and version 1 on their physical types', () => {
    expect([LogicalDate.SCHEMA.type, LogicalDate.SCHEMA.name, LogicalDate.SCHEMA.version])
      .toEqual(['INT32', 'org.apache.kafka.connect.data.Date', 1]);
    expect([LogicalTime.SCHEMA.type, LogicalTime.SCHEMA.name]).toEqual(['INT32', 'org.apache.kafka.connect.data.Time']);
    expect([LogicalTimestamp.SCHEMA.type, LogicalTimestamp.SCHEMA.name])
      .toEqual(['INT64', 'org.apache.kafka.connect.data.Timestamp']);
    expect(LogicalDate.builder().optional().build().isOptional).toBe(true);
  });

  test('Date is days since the epoch and must be midnight UTC', () => {
    expect(LogicalDate.fromLogical(LogicalDate.SCHEMA, new Date('2024-01-02T00:00:00Z'))).toBe(19724);
    expect(LogicalDate.toLogical(LogicalDate.SCHEMA, 19724).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(() => LogicalDate.fromLogical(LogicalDate.SCHEMA, new Date('2024-01-02T00:00:01Z')))
      .toThrow('should not have any time fields');
  });

  test('Time is milliseconds of the day on 1970-01-01', () => {
    expect(LogicalTime.fromLogical(LogicalTime.SCHEMA, new Date(3_600_000))).toBe(3_600_000);
    expect(() => LogicalTime.fromLogical(LogicalTime.SCHEMA, new Date('2024-01-02T01:00:00Z')))
      .toThrow('should not have any date fields');
  });

  test('Timestamp is milliseconds since the epoch as a bigint', () => {
    expect(LogicalTimestamp.fromLogical(LogicalTimestamp.SCHEMA, new Date(1700000000123))).toBe(1700000000123n);
    expect(LogicalTimestamp.toLogical(LogicalTimestamp.SCHEMA, 5n).getTime()).toBe(5);
    expect(() => LogicalTimestamp.fromLogical(LogicalDate.SCHEMA, new Date())).toThrow('schema does not match');
  });
});
