// The idempotent producer's identity (KIP-98): the producer id and epoch the broker gave, and the
// next sequence number of every partition written under them. The broker accepts a partition's
// batches only in sequence, which is what lets it drop a retried batch it already has.
const SEQUENCE_MODULUS = 2 ** 31;

export class ProducerIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly #sequences = new Map<string, number>();

  constructor(producerId: bigint, producerEpoch: number) {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
  }

  /** The base sequence of the next `count` records of a partition; advances it, wrapping past 2^31 - 1 to 0 as Kafka does. */
  takeSequence(topic: string, partition: number, count: number): number {
    const key = `${topic}\u0000${partition}`;
    const base = this.#sequences.get(key) ?? 0;
    this.#sequences.set(key, (base + count) % SEQUENCE_MODULUS);
    return base;
  }
}
