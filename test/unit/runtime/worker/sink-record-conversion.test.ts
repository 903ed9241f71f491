// A consumed record through the sink's converters: synchronous when every stage succeeds; a stage
// that throws is handed to the error handler with that first failure counted as attempt 1, as if
// the stage had run through operator.execute() from the start (retries, reports, tolerance).
import { describe, expect, test } from '@jest/globals';
import type { Converter, HeaderConverter, KafkaHeader } from '../../../../runtime/api/converter.ts';
import { DataException, RetriableException } from '../../../../runtime/api/errors.ts';
import { OPTIONAL_BYTES_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/schema.ts';
import { SchemaAndValue } from '../../../../runtime/data/schema-and-value.ts';
import { SinkRecord } from '../../../../runtime/data/sink-record.ts';
import type { ConsumedRecord } from '../../../../runtime/kafka/partition-fetcher.ts';
import { errorHandlingConfig } from '../../../../runtime/worker/error-handling-config.ts';
import { RetryWithToleranceOperator, SKIPPED, ToleranceExceededError, type ProcessingContext } from '../../../../runtime/worker/retry-with-tolerance.ts';
import { convertConsumedRecord } from '../../../../runtime/worker/sink-record-conversion.ts';
import { TransformChain } from '../../../../runtime/worker/transform-chain.ts';

const consumed: ConsumedRecord = {
  topic: 'orders', partition: 2, offset: 41, timestamp: 1_700_000_000_000, timestampType: 'CREATE_TIME',
  key: Buffer.from('k'), value: Buffer.from('v'), headers: [['trace', Buffer.from('t1')]],
};

/** A string converter whose toConnectData throws `failures` errors before it succeeds; counts its calls. */
function flaky(failures: Error[]): Converter & HeaderConverter & { calls: number } {
  return {
    calls: 0,
    config: () => { throw new Error('unused'); },
    configure() {},
    fromConnectData: () => null,
    fromConnectHeader: () => null,
    close() {},
    toConnectData(_topic: string, _headers: KafkaHeader[] | null, bytes: Buffer | null) {
      const failure = failures[this.calls++];
      if (failure !== undefined) throw failure;
      return new SchemaAndValue(STRING_SCHEMA, bytes?.toString() ?? null);
    },
    toConnectHeader(_topic: string, _key: string, value: Buffer | null) {
      const failure = failures[this.calls++];
      if (failure !== undefined) throw failure;
      return new SchemaAndValue(OPTIONAL_BYTES_SCHEMA, value);
    },
  };
}

function conversion(key: Converter, value: Converter, header: HeaderConverter, props: Record<string, string>, reported: ProcessingContext[] = [], sleeps: number[] = []) {
  const operator = new RetryWithToleranceOperator(errorHandlingConfig(props), [{ report: async (c) => { reported.push(c); } }], async (ms) => { sleeps.push(ms); });
  const chain = TransformChain.build({}, { newTransformation: () => { throw new Error('none'); }, newPredicate: () => { throw new Error('none'); } });
  return { converters: { key, value, header, keyClass: 'K', valueClass: 'V', headerClass: 'H' }, operator, chain };
}

describe('convertConsumedRecord', () => {
  test('every stage succeeding: a SinkRecord at once, not a Promise', () => {
    const record = convertConsumedRecord(consumed, conversion(flaky([]), flaky([]), flaky([]), {}));
    expect(record).toBeInstanceOf(SinkRecord);
    const r = record as SinkRecord;
    expect([r.topic, r.kafkaPartition, r.kafkaOffset, r.timestamp, r.timestampType, r.key, r.value]).toEqual(['orders', 2, 41, 1_700_000_000_000, 'CREATE_TIME', 'k', 'v']);
    expect([...r.headers].map((h) => [h.key, h.value])).toEqual([['trace', Buffer.from('t1')]]);
  });

  test.each([['key', 0], ['value', 1], ['header', 2]] as const)('a retriable %s converter failure is retried with backoff; the first failure counts as the first attempt', async (_stage, which) => {
    const sleeps: number[] = [];
    const converters = [flaky([]), flaky([]), flaky([])];
    converters[which] = flaky([new RetriableException('busy'), new RetriableException('busy')]);
    const record = convertConsumedRecord(consumed, conversion(converters[0], converters[1], converters[2], { 'errors.retry.timeout': '-1' }, [], sleeps));
    expect(record).toBeInstanceOf(Promise);
    expect(await record).toBeInstanceOf(SinkRecord);
    expect(converters[which].calls).toBe(3);
    expect(sleeps).toEqual([300, 600]);
  });

  test('tolerance all: a failing value converter is reported once with its stage, class, attempts and consumed record, and the record skipped', async () => {
    const reported: ProcessingContext[] = [];
    const value = flaky([new DataException('bad json')]);
    const record = await convertConsumedRecord(consumed, conversion(flaky([]), value, flaky([]), { 'errors.tolerance': 'all' }, reported));
    expect(record).toBe(SKIPPED);
    expect(value.calls).toBe(1);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ stage: 'VALUE_CONVERTER', className: 'V', attempts: 1, consumed });
    expect(reported[0].error.message).toBe('bad json');
  });

  test('tolerance none: the task fails with the converter\'s error as the cause', async () => {
    const key = flaky([new DataException('bad key')]);
    const record = convertConsumedRecord(consumed, conversion(key, flaky([]), flaky([]), {}));
    await expect(record).rejects.toBeInstanceOf(ToleranceExceededError);
    await expect(record).rejects.toHaveProperty('cause.message', 'bad key');
  });
});
