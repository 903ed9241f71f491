// Kafka Connect's error handling: retriable failures retried with exponential backoff until
// errors.retry.timeout; then reported and skipped (tolerance all) or fatal (none).
import { describe, expect, test } from '@jest/globals';
import { DataException, RetriableException } from '../../../../runtime/api/errors.ts';
import { errorHandlingConfig } from '../../../../runtime/worker/error-handling-config.ts';
import { RetryWithToleranceOperator, SKIPPED, ToleranceExceededError, type ProcessingContext } from '../../../../runtime/worker/retry-with-tolerance.ts';

function operator(props: Record<string, string>, reported: ProcessingContext[] = [], sleeps: number[] = []) {
  return new RetryWithToleranceOperator(errorHandlingConfig(props), [{ report: async (c) => { reported.push(c); } }], async (ms) => { sleeps.push(ms); });
}

describe('RetryWithToleranceOperator', () => {
  test('success stays synchronous', () => {
    expect(operator({}).execute('TRANSFORMATION', 'X', () => 42)).toBe(42);
  });

  test('retriable errors are retried with doubling delays capped by errors.retry.delay.max.ms', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await operator({ 'errors.retry.timeout': '-1', 'errors.retry.delay.max.ms': '1000' }, [], sleeps)
      .execute('VALUE_CONVERTER', 'C', () => { if (++calls < 5) throw new RetriableException('busy'); return 'done'; });
    expect(result).toBe('done');
    expect(sleeps).toEqual([300, 600, 1000, 1000]);
  });

  test('no retries by default; tolerance none fails with the cause', async () => {
    const reported: ProcessingContext[] = [];
    const failing = operator({}, reported).execute('KEY_CONVERTER', 'C', () => { throw new RetriableException('busy'); });
    await expect(failing).rejects.toBeInstanceOf(ToleranceExceededError);
    await expect(failing).rejects.toHaveProperty('cause.message', 'busy');
    expect(reported).toHaveLength(1);
  });

  test('tolerance all reports and skips a non-retriable error without retrying', async () => {
    const reported: ProcessingContext[] = [];
    const sleeps: number[] = [];
    const op = operator({ 'errors.tolerance': 'all', 'errors.retry.timeout': '60000' }, reported, sleeps);
    expect(await op.execute('TRANSFORMATION', 'org.example.T', () => { throw new DataException('bad'); })).toBe(SKIPPED);
    expect(sleeps).toEqual([]);
    expect(reported[0]).toMatchObject({ stage: 'TRANSFORMATION', className: 'org.example.T', attempts: 1 });
    expect(op.skipped).toBe(1);
  });
});
