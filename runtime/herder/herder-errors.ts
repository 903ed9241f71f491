// What a herder operation can fail with. The REST layer maps each class to Kafka Connect's
// status code and `{"error_code","message"}` body (runtime/rest/rest-errors.ts); nothing below
// the REST boundary knows about HTTP.

/** The connector, task, plugin or logger does not exist (404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A connector of that name exists and the request may not replace it (409). */
export class AlreadyExistsError extends Error {
  override readonly name = 'AlreadyExistsError';
}

/** The request itself is wrong: invalid config, name mismatch, connector not stopped (400). */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/** An internal request whose signature does not match the cluster's session key (403). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/**
 * This worker's view of the config is behind (a concurrent change is being applied): the client
 * should retry (Kafka's RebalanceNeededException, 409).
 */
export class RebalanceNeededError extends Error {
  override readonly name = 'RebalanceNeededError';
  constructor(message = 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)') {
    super(message);
  }
}

/**
 * Another worker must handle the request (Kafka's RequestTargetException / NotLeaderException).
 * This is the forwarding seam: the REST layer hands `forwardUrl` to its forwarder, or answers
 * 409 when it has none or the request was already forwarded once.
 */
export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  /** Base URL of the worker that can serve the request; null while no leader is known. */
  readonly forwardUrl: string | null;
  constructor(message: string, forwardUrl: string | null) {
    super(message);
    this.forwardUrl = forwardUrl;
  }
}

/** The operation exists in Kafka but is not available in this mode (e.g. fencing in standalone). */
export class UnsupportedOperationError extends Error {
  override readonly name = 'UnsupportedOperationError';
}

/**
 * The request needs the Kafka cluster and cannot complete now: the worker lost contact with it, or
 * the step the request waits for outlasted the request timeout (500, as Kafka's request timeouts).
 */
export class ClusterUnavailableError extends Error {
  override readonly name = 'ClusterUnavailableError';
}
