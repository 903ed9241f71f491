// The broker's one error type. Anything below the server layer throws a KafkaError naming the
// Kafka error (e.g. 'OFFSET_OUT_OF_RANGE'); the server maps that name to its wire code at the
// protocol boundary and nowhere else.
export class KafkaError extends Error {
  readonly errorName: string;

  constructor(errorName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaError';
    this.errorName = errorName;
  }
}
