// The REST boundary's one error catalogue: every failure becomes Kafka Connect's
// `{"error_code": <HTTP status>, "message": "<text>"}` here and nowhere else
// (Kafka's ConnectExceptionMapper and HerderRequestHandler).
import { ConfigException } from '../config/config-exception.ts';
import {
  AlreadyExistsError, BadRequestError, ForbiddenError, NotFoundError, NotLeaderError, RebalanceNeededError, UnsupportedOperationError,
} from '../herder/herder-errors.ts';
import { ClusterUnavailableError } from '../herder/herder-errors.ts';

/** A failure decided by the REST layer itself, with its status (Kafka's ConnectRestException). */
export class RestError extends Error {
  override readonly name = 'RestError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const CONFLICTING_OPERATION = 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)';
export const NO_KNOWN_LEADER = 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.';

export interface ErrorBody {
  error_code: number;
  message: string | null;
}

/** Status and body for a failure; `unexpected` is true when the error should be logged as a bug. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  const known = (status: number, message: string | null) => ({ status, body: { error_code: status, message }, unexpected: false });
  if (error instanceof RestError) return known(error.status, error.message);
  if (error instanceof NotFoundError) return known(404, error.message);
  if (error instanceof AlreadyExistsError) return known(409, error.message);
  if (error instanceof BadRequestError) return known(400, error.message);
  if (error instanceof ForbiddenError) return known(403, error.message);
  if (error instanceof RebalanceNeededError) return known(409, error.message);
  // A NotLeaderError reaching this point could not be forwarded (no forwarder, or already forwarded once).
  if (error instanceof NotLeaderError) return known(409, error.forwardUrl === null ? NO_KNOWN_LEADER : CONFLICTING_OPERATION);
  // Kafka answers 500 when the herder cannot complete a request in time; expected, so not logged as a bug.
  if (error instanceof ClusterUnavailableError) return known(500, error.message);
  // Kafka maps ConfigException and unsupported operations, like any unmapped exception, to 500.
  if (error instanceof ConfigException || error instanceof UnsupportedOperationError) return known(500, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error_code: 500, message }, unexpected: true };
}

/** Jersey's answer for a path no resource matches, or a method a resource lacks. */
export const NOT_FOUND_PATH = new RestError(404, 'HTTP 404 Not Found');
export const METHOD_NOT_ALLOWED = new RestError(405, 'HTTP 405 Method Not Allowed');
export const UNSUPPORTED_MEDIA_TYPE = new RestError(415, 'HTTP 415 Unsupported Media Type');
