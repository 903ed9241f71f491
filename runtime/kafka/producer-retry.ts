// The producer's retry policy, as Kafka's Java producer has it: a send that failed with a
// retriable error (connection refused or lost, request timed out, NOT_LEADER_OR_FOLLOWER,
// NOT_ENOUGH_REPLICAS…) goes again after `retry.backoff.ms`, growing exponentially up to
// `retry.backoff.max.ms` (KIP-580, ±20 % jitter), until `delivery.timeout.ms` has passed since its
// records were handed to the producer; then its records fail with a TimeoutException. Anything
// else (MESSAGE_TOO_LARGE, INVALID_RECORD, authorization failures…) fails at once: trying again
// cannot help.
import { ConfigException } from '../config/config-exception.ts';
import { connectionFailureText, isRetriableKafkaError } from './connection-errors.ts';

export interface RetrySettings {
  deliveryTimeoutMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
}

/** Kafka's defaults. */
export const DEFAULT_RETRY_SETTINGS: Readonly<RetrySettings> = Object.freeze({ deliveryTimeoutMs: 120_000, retryBackoffMs: 100, retryBackoffMaxMs: 1_000 });

const KEYS: ReadonlyArray<readonly [keyof RetrySettings, string]> = [
  ['deliveryTimeoutMs', 'delivery.timeout.ms'],
  ['retryBackoffMs', 'retry.backoff.ms'],
  ['retryBackoffMaxMs', 'retry.backoff.max.ms'],
];

/** The retry settings present in producer configs (already stripped of `producer.` / `producer.override.`). */
export function retrySettingsFrom(props: Readonly<Record<string, string | undefined>>): Partial<RetrySettings> {
  const settings: Partial<RetrySettings> = {};
  for (const [field, key] of KEYS) {
    const raw = props[key];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new ConfigException(key, raw, 'expected a non-negative integer');
    settings[field] = n;
  }
  return settings;
}

/**
 * True when the broker no longer knows the producer's id or the sequence it expects
 * (UNKNOWN_PRODUCER_ID, OUT_OF_ORDER_SEQUENCE_NUMBER): a batch sent after an earlier one failed
 * gets this. As the Java producer does for an idempotent producer (KIP-360), the producer takes a
 * new id and sends it again, in order.
 */
export function isProducerStateLost(error: unknown): boolean {
  const e = error as { apiId?: unknown; errors?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.apiId === 'UNKNOWN_PRODUCER_ID' || e.apiId === 'OUT_OF_ORDER_SEQUENCE_NUMBER') return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isProducerStateLost(inner) || isRetriableKafkaError(inner));
}

/** The wait before retry number `attempt` (1 for the first retry): KIP-580's exponential backoff with jitter. */
export function retryBackoffMs(attempt: number, settings: RetrySettings): number {
  // As Kafka's ExponentialBackoff: a maximum below the initial backoff leaves it constant.
  const ceiling = Math.max(settings.retryBackoffMs, settings.retryBackoffMaxMs);
  const base = Math.min(ceiling, settings.retryBackoffMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Kafka's TimeoutException for records that could not be delivered within delivery.timeout.ms. */
export function deliveryTimeoutError(records: number, topics: readonly string[], elapsedMs: number, settings: RetrySettings, lastError: unknown, attempts: number): Error {
  const error = new Error(
    `Expiring ${records} record(s) for ${topics.join(', ')}: ${elapsedMs} ms has passed since they were handed to the producer ` +
    `(delivery.timeout.ms=${settings.deliveryTimeoutMs}); ${attempts} attempt(s), the last failed with: ${connectionFailureText(lastError)}`,
    { cause: lastError },
  );
  error.name = 'TimeoutException';
  return error;
}
