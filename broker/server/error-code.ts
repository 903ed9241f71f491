// The protocol boundary: KafkaErrors thrown below become wire error codes here and only here.
import type { Logger } from 'pino';
import { ErrorCodes, errorCodeOf } from '../protocol/errors.ts';
import { KafkaError } from '../kafka-error.ts';

export type ErrorAnswer = { errorCode: number; errorMessage: string | null };

/** Maps a thrown error to Kafka's error code; unexpected errors are logged and answered as UNKNOWN_SERVER_ERROR. */
export function toErrorAnswer(err: unknown, log: Logger): ErrorAnswer {
  if (err instanceof KafkaError) return { errorCode: errorCodeOf(err.errorName), errorMessage: err.message };
  log.error({ err }, 'unexpected error while handling a request');
  return { errorCode: ErrorCodes.UNKNOWN_SERVER_ERROR, errorMessage: 'Unexpected error on the broker: see its log.' };
}
