// Kafka Connect's exception hierarchy. The worker decides what to do with a failure by its class:
// a RetriableException is retried (poll/put called again), anything else fails the task, and a
// DataException raised by a converter or transform goes through errors.tolerance / the DLQ.

export class ConnectException extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The operation may succeed if it is tried again (e.g. a transient network error). */
export class RetriableException extends ConnectException {}

/** A value does not fit its schema, or bytes cannot be converted to or from Connect data. */
export class DataException extends ConnectException {}

/** A SchemaBuilder was used wrongly (a property set twice, a field added to a non-struct…). */
export class SchemaBuilderException extends DataException {}

/** A value cannot be projected from one schema onto another. */
export class SchemaProjectorException extends DataException {}

export class AlreadyExistsException extends ConnectException {}

export class NotFoundException extends ConnectException {}

/** A worker-internal method was called in a state that does not allow it. */
export class IllegalWorkerStateException extends ConnectException {}
