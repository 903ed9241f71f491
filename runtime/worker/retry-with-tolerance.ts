// Kafka Connect's RetryWithToleranceOperator: an operation of a stage (converter, transform,
// put…) that throws a RetriableException is retried with exponential backoff (300 ms doubling,
// at most errors.retry.delay.max.ms) until errors.retry.timeout; a failure that remains is
// reported (log, dead letter queue) and then either skipped (errors.tolerance=all) or fails the
// task (none). The happy path stays synchronous: transforms run per record.
import { ConnectException, RetriableException } from '../api/errors.ts';
import type { SourceRecord } from '../data/source-record.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import type { ErrorHandlingConfig } from './error-handling-config.ts';

export type Stage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT' | 'TASK_POLL' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME';

/** One failure, with the record it happened on. */
export interface ProcessingContext {
  readonly stage: Stage;
  /** The plugin class that failed, as configured (e.g. org.apache.kafka.connect.json.JsonConverter). */
  readonly className: string;
  readonly error: Error;
  /** Sink side: the record as consumed (bytes), what the dead letter queue receives. */
  readonly consumed?: ConsumedRecord;
  /** Source side: the record polled from the task. */
  readonly source?: SourceRecord;
  readonly attempts: number;
}

export interface ErrorReporter {
  report(context: ProcessingContext): Promise<void>;
}

/** The task fails with this (its cause is the original error), as Kafka's ConnectException. */
export class ToleranceExceededError extends ConnectException {
  constructor(cause: Error) {
    super('Tolerance exceeded in error handler', { cause });
  }
}

/** Returned instead of a value when the record was skipped (tolerated). */
export const SKIPPED: unique symbol = Symbol('SKIPPED');
export type Outcome<T> = T | typeof SKIPPED;

const RETRIES_DELAY_MIN_MS = 300;

export class RetryWithToleranceOperator {
  readonly #config: ErrorHandlingConfig;
  readonly #reporters: ErrorReporter[];
  readonly #sleep: (ms: number) => Promise<void>;
  #stopped = false;
  /** Records skipped so far (metrics: total-records-skipped). */
  skipped = 0;

  constructor(config: ErrorHandlingConfig, reporters: ErrorReporter[] = [], sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {
    this.#config = config;
    this.#reporters = reporters;
    this.#sleep = sleep;
  }

  get toleranceAll(): boolean {
    return this.#config.toleranceAll;
  }

  hasReporters(): boolean {
    return this.#reporters.length > 0;
  }

  addReporter(reporter: ErrorReporter): void {
    this.#reporters.push(reporter);
  }

  /** Stops pending retries (the task is stopping). */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Runs `operation`; on failure retries/tolerates as configured. Synchronous when it succeeds the
   * first time; a Promise otherwise (resolving to the value, or SKIPPED; rejecting with
   * ToleranceExceededError).
   */
  execute<T>(stage: Stage, className: string, operation: () => T, record: Pick<ProcessingContext, 'consumed' | 'source'> = {}): Outcome<T> | Promise<Outcome<T>> {
    try {
      return operation();
    } catch (error) {
      return this.recover(stage, className, operation, record, error);
    }
  }

  /** Reports an error that happened outside execute (e.g. the errant record reporter). */
  async fail(stage: Stage, className: string, error: Error, record: Pick<ProcessingContext, 'consumed' | 'source'> = {}): Promise<void> {
    await this.#tolerate({ stage, className, error, attempts: 1, ...record });
  }

  /**
   * Retries/tolerates from `operation`'s first failure (`first`, already thrown): what execute()
   * does after it, for callers that ran the operation themselves (no closure per successful call).
   */
  async recover<T>(stage: Stage, className: string, operation: () => T, record: Pick<ProcessingContext, 'consumed' | 'source'>, first: unknown): Promise<Outcome<T>> {
    const deadline = this.#config.retryTimeoutMs < 0 ? Infinity : Date.now() + this.#config.retryTimeoutMs;
    let error = toError(first);
    let attempts = 1;
    let delay = RETRIES_DELAY_MIN_MS;
    while (error instanceof RetriableException && !this.#stopped && Date.now() < deadline) {
      await this.#sleep(Math.min(delay, this.#config.retryDelayMaxMs, deadline - Date.now()));
      delay *= 2;
      attempts++;
      try {
        return operation();
      } catch (next) {
        error = toError(next);
      }
    }
    await this.#tolerate({ stage, className, error, attempts, ...record });
    return SKIPPED;
  }

  async #tolerate(context: ProcessingContext): Promise<void> {
    await Promise.all(this.#reporters.map((r) => r.report(context)));
    if (!this.#config.toleranceAll) throw new ToleranceExceededError(context.error);
    this.skipped++;
  }
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
