// Which failures of the Kafka client mean "the cluster cannot be reached right now" (a refused or
// dropped connection, a request that timed out, a leader that is still being elected after a
// broker restart) as opposed to a real error. A caller that sees one keeps what it has and tries
// again, as Kafka's own clients do (their poll() never throws because a broker went away).
import { protocolErrors, protocolErrorsCodesById } from '@platformatic/kafka';

const NETWORK = 'PLT_KFK_NETWORK';
const TIMEOUT = 'PLT_KFK_TIMEOUT';

type ClientError = { code?: unknown; canRetry?: unknown; errors?: unknown; message?: unknown; cause?: unknown };

/** True for connection failures and timeouts, and for an aggregate (the client's retries) made only of them. */
export function isConnectionError(error: unknown): boolean {
  const e = error as ClientError | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.code === NETWORK || e.code === TIMEOUT) return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isConnectionError);
}

/**
 * True when trying again later can succeed: connection failures, and errors the Kafka error table
 * marks retriable (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS…).
 */
export function isRetriableKafkaError(error: unknown): boolean {
  const e = error as ClientError | null;
  if (e === null || typeof e !== 'object') return false;
  if (isConnectionError(e) || e.canRetry === true) return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isRetriableKafkaError);
}

/** The most specific text of a connection failure, e.g. "Connection to 10.0.0.5:9092 failed: connect ECONNREFUSED 10.0.0.5:9092". */
export function connectionFailureText(error: unknown): string {
  const e = error as ClientError | null;
  if (e === null || typeof e !== 'object') return String(error);
  if (Array.isArray(e.errors) && e.errors.length > 0) return connectionFailureText(e.errors[e.errors.length - 1]);
  const message = String(e.message ?? error).replace(/\.$/, '');
  const cause = (e.cause as { message?: unknown } | undefined)?.message;
  return typeof cause === 'string' && !message.includes(cause) ? `${message}: ${cause}` : message;
}

/** An error for a Kafka error code in a response, retriable (`canRetry`) as Kafka's error table says. */
export function kafkaError(code: number, message: string): Error {
  const name = protocolErrorsCodesById[code];
  const canRetry = name === undefined ? false : protocolErrors[name]?.canRetry === true;
  return Object.assign(new Error(message), { errorCode: code, canRetry });
}
