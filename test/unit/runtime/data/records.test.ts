import { describe, expect, test } from '@jest/globals';
import { Headers } from '../../../../runtime/data/headers.ts';
import { INT32_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/schema.ts';
import { SinkRecord } from '../../../../runtime/data/sink-record.ts';
import { SourceRecord } from '../../../../runtime/data/source-record.ts';

describe('SourceRecord', () => {
  const record = new SourceRecord({
    sourcePartition: { table: 'users' }, sourceOffset: { lsn: 42 }, topic: 'users', kafkaPartition: 0,
    keySchema: STRING_SCHEMA, key: 'k', valueSchema: INT32_SCHEMA, value: 1, timestamp: 1000,
    headers: new Headers().addString('h', 'v'),
  });

  test('newRecord keeps the subclass and its source partition/offset, with a copy of the headers', () => {
    const copy = record.newRecord('other', null, null, null, STRING_SCHEMA, 'x', 5);
    expect(copy).toBeInstanceOf(SourceRecord);
    expect(copy.sourcePartition).toEqual({ table: 'users' });
    expect(copy.sourceOffset).toEqual({ lsn: 42 });
    expect([copy.topic, copy.kafkaPartition, copy.key, copy.value, copy.timestamp]).toEqual(['other', null, null, 'x', 5]);
    copy.headers.addString('added', '1');
    expect(record.headers.size).toBe(1);
    expect(copy.headers.size).toBe(2);
  });

  test('records are immutable and compare by value', () => {
    expect(Object.isFrozen(record)).toBe(true);
    const same = record.newRecord(record.topic, 0, STRING_SCHEMA, 'k', INT32_SCHEMA, 1, 1000);
    expect(same.equals(record)).toBe(true);
    expect(same.equals(record.newRecord(record.topic, 0, STRING_SCHEMA, 'k', INT32_SCHEMA, 2, 1000))).toBe(false);
  });

  test('absent key/value/partition/timestamp are null (a tombstone has value null)', () => {
    const tombstone = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value: null });
    expect([tombstone.key, tombstone.value, tombstone.kafkaPartition, tombstone.timestamp]).toEqual([null, null, null, null]);
    expect(() => new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value: 1, kafkaPartition: -1 }))
      .toThrow('kafkaPartition');
  });
});

describe('SinkRecord', () => {
  test('newRecord keeps offset, timestamp type and original coordinates', () => {
    const record = new SinkRecord({
      topic: 'in', kafkaPartition: 3, kafkaOffset: 99, value: 'v', timestampType: 'CREATE_TIME', timestamp: 7,
    });
    expect([record.originalTopic, record.originalKafkaPartition, record.originalKafkaOffset]).toEqual(['in', 3, 99]);
    const routed = record.newRecord('out', 1, null, null, null, 'v2', 8);
    expect(routed).toBeInstanceOf(SinkRecord);
    expect([routed.topic, routed.kafkaPartition, routed.kafkaOffset, routed.timestampType]).toEqual(['out', 1, 99, 'CREATE_TIME']);
    expect([routed.originalTopic, routed.originalKafkaPartition, routed.originalKafkaOffset]).toEqual(['in', 3, 99]);
    expect(routed.toString()).toContain("topic='out'");
  });
});
