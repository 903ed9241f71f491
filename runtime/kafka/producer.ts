// A batching producer with a delivery report per record. Records are gathered for `linger.ms`
// (or until `batch.size` records), sent as one Produce request per broker, and each record's
// report carries the offset Kafka gave it. At most `max.in.flight.requests.per.connection`
// sends are outstanding; beyond that records wait in the accumulator (backpressure for callers).
// Two ways in: send() returns a promise per record (simple callers: internal topics, DLQ);
// produce() reports to a listener with a caller's token — no promise or closure per record, for
// the source task runner's hot path.
import { Producer, murmur2, type MessageToProduce } from '@platformatic/kafka';
import type { ClientOptions } from './client-config.ts';

export interface ProducerRecord {
  readonly topic: string;
  /** null: by key hash (Kafka's murmur2), or spread over partitions when the key is null. */
  readonly partition?: number | null;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** In order; a key may repeat. */
  readonly headers?: ReadonlyArray<readonly [string, Buffer | null]>;
  /** Epoch milliseconds; null lets the producer stamp the send time. */
  readonly timestamp?: number | null;
}

/** Where Kafka wrote a record. */
export interface DeliveryReport {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

export interface ProducerSettings {
  /** -1 (all), 1 or 0. The worker uses all. */
  acks?: -1 | 0 | 1;
  idempotent?: boolean;
  lingerMs?: number;
  /** Records per batch before it is sent without waiting for linger. */
  batchRecords?: number;
  maxInFlight?: number;
  compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
}

/** Told the outcome of each record given to produce(), in the order Kafka acknowledged them. */
export interface DeliveryListener<T> {
  onDelivery(token: T, report: DeliveryReport): void;
  onFailure(token: T, error: Error): void;
}

/**
 * Records produced and not yet reported, as parallel arrays rather than one object per record:
 * up to ~10000 records wait here or in flight for each source task, and every object that lives
 * that long is copied by each young-generation GC (timestamps stay unboxed in a double array).
 */
class Batch {
  records: ProducerRecord[];
  timestamps: number[];
  listeners: Array<DeliveryListener<any>>;
  tokens: unknown[];

  constructor(records: ProducerRecord[] = [], timestamps: number[] = [], listeners: Array<DeliveryListener<any>> = [], tokens: unknown[] = []) {
    this.records = records;
    this.timestamps = timestamps;
    this.listeners = listeners;
    this.tokens = tokens;
  }

  get length(): number {
    return this.records.length;
  }

  push(record: ProducerRecord, timestamp: number, listener: DeliveryListener<any>, token: unknown): void {
    this.records.push(record);
    this.timestamps.push(timestamp);
    this.listeners.push(listener);
    this.tokens.push(token);
  }

  /** Moves the first `n` records to a new batch. */
  take(n: number): Batch {
    if (n < this.records.length) {
      return new Batch(this.records.splice(0, n), this.timestamps.splice(0, n), this.listeners.splice(0, n), this.tokens.splice(0, n));
    }
    const taken = new Batch(this.records, this.timestamps, this.listeners, this.tokens);
    this.records = [];
    this.timestamps = [];
    this.listeners = [];
    this.tokens = [];
    return taken;
  }
}

interface PromiseCallbacks {
  resolve(report: DeliveryReport): void;
  reject(error: Error): void;
}

const PROMISE_LISTENER: DeliveryListener<PromiseCallbacks> = {
  onDelivery: (token, report) => token.resolve(report),
  onFailure: (token, error) => token.reject(error),
};

const MASK_31_BITS = 0x7fffffff;

export class KafkaProducer {
  readonly #client: Producer;
  readonly #settings: Required<ProducerSettings>;
  #accumulator = new Batch();
  #timer: NodeJS.Timeout | null = null;
  /** Produce requests outstanding (at most maxInFlight) and the records they carry. */
  #sendsInFlight = 0;
  #recordsInFlight = 0;
  /** Resolves once the previous batch has been handed to the client: requests go out in batch order. */
  #handedOff: Promise<void> = Promise.resolve();
  #roundRobin = 0;
  #idle: Array<() => void> = [];
  #closed = false;
  #identity: Promise<unknown> | null = null;

  constructor(options: ClientOptions, settings: ProducerSettings = {}) {
    this.#settings = {
      acks: settings.acks ?? -1,
      idempotent: settings.idempotent ?? true,
      lingerMs: settings.lingerMs ?? 0,
      batchRecords: settings.batchRecords ?? 1000,
      maxInFlight: settings.maxInFlight ?? 5,
      compression: settings.compression ?? 'none',
    };
    this.#client = new Producer({
      ...options,
      acks: this.#settings.acks,
      idempotent: this.#settings.idempotent,
      compression: this.#settings.compression,
      // As Kafka's producer: metadata requests let the broker create a missing topic when its
      // auto.create.topics.enable allows it (Connect's topic.creation.* covers the other case).
      autocreateTopics: true,
    });
  }

  /** Records waiting in the accumulator or in flight. */
  get outstanding(): number {
    return this.#accumulator.length + this.#recordsInFlight;
  }

  send(record: ProducerRecord): Promise<DeliveryReport> {
    if (this.#closed) return Promise.reject(new Error('Producer is closed'));
    return new Promise((resolve, reject) => this.produce(record, PROMISE_LISTENER, { resolve, reject }));
  }

  /**
   * Queues a record; `listener` is told its outcome with `token` (never synchronously). Throws
   * when the producer is closed.
   */
  produce<T>(record: ProducerRecord, listener: DeliveryListener<T>, token: T): void {
    if (this.#closed) throw new Error('Producer is closed');
    this.#accumulator.push(record, record.timestamp ?? Date.now(), listener, token);
    if (this.#accumulator.length >= this.#settings.batchRecords) this.#drain();
    else this.#schedule();
  }

  /** Sends everything accumulated and resolves when every send has completed (acked or failed). */
  async flush(): Promise<void> {
    this.#drain();
    if (this.outstanding === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    await this.#client.close();
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#drain();
    }, this.#settings.lingerMs);
  }

  #drain(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    // maxInFlight counts requests, not records (it once compared records to 5: one request at a time).
    while (this.#accumulator.length > 0 && this.#sendsInFlight < this.#settings.maxInFlight) {
      const batch = this.#accumulator.take(this.#settings.batchRecords);
      this.#sendsInFlight++;
      this.#recordsInFlight += batch.length;
      const previous = this.#handedOff;
      let handOff!: () => void;
      this.#handedOff = new Promise((resolve) => { handOff = resolve; });
      void this.#sendBatch(batch, previous, handOff).finally(() => {
        this.#sendsInFlight--;
        this.#recordsInFlight -= batch.length;
        this.#drain();
        if (this.outstanding === 0) for (const wake of this.#idle.splice(0)) wake();
      });
    }
  }

  /**
   * Sends one batch. Its request is handed to the client only after the previous batch's was
   * (`previous`), whatever the metadata and producer-id steps take, so records reach Kafka in the
   * order they were produced; `handOff` lets the next batch go.
   */
  async #sendBatch(batch: Batch, previous: Promise<void>, handOff: () => void): Promise<void> {
    const { records, timestamps, listeners, tokens } = batch;
    let partitions: number[];
    let offsets: number[];
    try {
      partitions = await this.#partitionsOf(records);
      await this.#ensureIdentity();
      await previous;
      const sending = this.#client.send({ messages: toMessages(batch, partitions) });
      handOff();
      const result = await sending;
      offsets = recordOffsets(records, partitions, result.offsets ?? []);
    } catch (error) {
      handOff();
      // The client drops its producer id after a failed send; take a fresh one next time.
      this.#identity = null;
      for (let i = 0; i < records.length; i++) listeners[i].onFailure(tokens[i], error as Error);
      return;
    }
    for (let i = 0; i < records.length; i++) {
      listeners[i].onDelivery(tokens[i], { topic: records[i].topic, partition: partitions[i], offset: offsets[i], timestamp: timestamps[i] });
    }
  }

  /**
   * The partition of every record. A topic that is still being created may be missing from the
   * first metadata answers: this batch retries (with backoff, up to about 10 s) rather than fail
   * while the batches behind it, which wait for it, would otherwise go first and land out of order.
   */
  async #partitionsOf(records: ProducerRecord[]): Promise<number[]> {
    const topics: string[] = [];
    for (let i = 0; i < records.length; i++) {
      const topic = records[i].topic;
      if ((i === 0 || topic !== records[i - 1].topic) && !topics.includes(topic)) topics.push(topic);
    }
    for (let delayMs = 50; ; delayMs *= 2) {
      let failure: Error;
      try {
        const metadata = await this.#client.metadata({ topics, forceUpdate: delayMs > 50 });
        const missing = topics.find((t) => metadata.topics.get(t)?.partitionsCount === undefined);
        if (missing === undefined) {
          const partitions = new Array<number>(records.length);
          let topic = '';
          let count = 0;
          for (let i = 0; i < records.length; i++) {
            if (i === 0 || records[i].topic !== topic) count = metadata.topics.get(topic = records[i].topic)!.partitionsCount;
            partitions[i] = this.#partitionFor(records[i], count);
          }
          return partitions;
        }
        failure = new Error(`Topic ${missing} does not exist`);
      } catch (error) {
        failure = error as Error;
      }
      if (delayMs > 5_000) throw failure;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  /**
   * Asks for a producer id as Kafka's Java producer does (id -1, epoch -1). Left to itself the
   * client library sends id 0 / epoch 0, which a broker may read as "bump producer 0's epoch"
   * (KIP-360), making unrelated producers share one id and break each other's sequences.
   */
  #ensureIdentity(): Promise<unknown> {
    if (!this.#settings.idempotent) return Promise.resolve();
    this.#identity ??= this.#client.initIdempotentProducer({ producerId: -1n, producerEpoch: -1 }).catch((error: unknown) => {
      this.#identity = null;
      throw error;
    });
    return this.#identity;
  }

  #partitionFor(record: ProducerRecord, count: number): number {
    if (record.partition != null) return record.partition;
    // Any hash modulo 1 is 0: skip murmur2 on single-partition topics.
    if (record.key !== null) return count === 1 ? 0 : (murmur2(record.key) & MASK_31_BITS) % count;
    return this.#roundRobin++ % count;
  }
}

function toMessages(batch: Batch, partitions: number[]): Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>> {
  const { records, timestamps } = batch;
  const messages = new Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>>(records.length);
  // Records produced within the same millisecond share one bigint.
  let ms = Number.NaN;
  let timestamp = 0n;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (timestamps[i] !== ms) timestamp = BigInt(ms = timestamps[i]);
    const headers = record.headers;
    messages[i] = {
      topic: record.topic, partition: partitions[i],
      key: record.key ?? undefined,
      value: record.value ?? undefined,
      timestamp,
      // A Map keyed by distinct Buffer objects keeps repeated header keys (Kafka allows them).
      headers: headers === undefined || headers.length === 0 ? undefined : new Map(headers.map(([k, v]) => [Buffer.from(k), v as Buffer])),
    };
  }
  return messages;
}

/** Each record's offset: its partition's base offset plus its index among that partition's records of the batch (-1 if unknown). */
function recordOffsets(batch: ProducerRecord[], partitions: number[], bases: ReadonlyArray<{ topic: string; partition: number; offset: bigint }>): number[] {
  const next = new Map<string, number[]>();
  for (const o of bases) {
    let byPartition = next.get(o.topic);
    if (byPartition === undefined) next.set(o.topic, byPartition = []);
    byPartition[o.partition] = Number(o.offset);
  }
  const offsets = new Array<number>(batch.length);
  let topic = '';
  let byPartition: number[] | undefined;
  for (let i = 0; i < batch.length; i++) {
    if (batch[i].topic !== topic || i === 0) {
      topic = batch[i].topic;
      byPartition = next.get(topic);
    }
    const offset = byPartition?.[partitions[i]];
    if (offset === undefined) {
      offsets[i] = -1;
    } else {
      offsets[i] = offset;
      byPartition![partitions[i]] = offset + 1;
    }
  }
  return offsets;
}
