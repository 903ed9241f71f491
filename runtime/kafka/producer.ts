// A batching producer with a delivery report per record. Records are gathered for `linger.ms`
// (or until `batchRecords` records), encoded by us and sent as one Produce request per leader
// (produce-sender.ts), and each record's report carries the offset Kafka gave it. At most `max.in.flight.requests.per.connection`
// sends are outstanding; beyond that records wait in the accumulator (backpressure for callers).
// Two ways in: send() returns a promise per record (simple callers: internal topics, DLQ);
// produce() reports to a listener with a caller's token — no promise or closure per record, for
// the source task runner's hot path.
// A send that fails with a retriable error goes again until `delivery.timeout.ms` (see
// producer-retry.ts), without reordering the records of a partition (see send-order.ts).
import { Producer, murmur2 } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { silentLogger } from '../../logging/logger.ts';
import type { ClientOptions } from './client-config.ts';
import { connectionFailureText, isRetriableKafkaError } from './connection-errors.ts';
import { ProduceSender } from './produce-sender.ts';
import { Batch, groupByPartition, recordOffsets, topicsOf, type PartitionGroup } from './producer-batch.ts';
import { DEFAULT_RETRY_SETTINGS, deliveryTimeoutError, isProducerStateLost, retryBackoffMs } from './producer-retry.ts';
import { SendOrder } from './send-order.ts';

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
  /** delivery.timeout.ms: how long a record may wait and be retried before it fails (Kafka: 120000). */
  deliveryTimeoutMs?: number;
  /** retry.backoff.ms / retry.backoff.max.ms: the wait before a retry, doubling up to the maximum (100 / 1000). */
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
  /** Where the start of retrying is reported (one WARN until every failed batch is through). */
  logger?: Logger;
}

/** Told the outcome of each record given to produce(), in the order Kafka acknowledged them. */
export interface DeliveryListener<T> {
  onDelivery(token: T, report: DeliveryReport): void;
  onFailure(token: T, error: Error): void;
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
  readonly #settings: Required<Omit<ProducerSettings, 'logger'>>;
  readonly #log: Logger;
  readonly #order = new SendOrder();
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
  readonly #sender: ProduceSender;

  constructor(options: ClientOptions, settings: ProducerSettings = {}) {
    this.#settings = {
      acks: settings.acks ?? -1,
      idempotent: settings.idempotent ?? true,
      lingerMs: settings.lingerMs ?? 0,
      batchRecords: settings.batchRecords ?? 1000,
      maxInFlight: settings.maxInFlight ?? 5,
      compression: settings.compression ?? 'none',
      deliveryTimeoutMs: settings.deliveryTimeoutMs ?? DEFAULT_RETRY_SETTINGS.deliveryTimeoutMs,
      retryBackoffMs: settings.retryBackoffMs ?? DEFAULT_RETRY_SETTINGS.retryBackoffMs,
      retryBackoffMaxMs: settings.retryBackoffMaxMs ?? DEFAULT_RETRY_SETTINGS.retryBackoffMaxMs,
    };
    this.#log = settings.logger ?? silentLogger();
    this.#client = new Producer({
      ...options,
      // The library gives metadata, producer ids and connections; Produce requests and their
      // retries are ours (#sendBatch, produce-sender.ts), bounded by delivery.timeout.ms. (`false`,
      // not 0: an idempotent Producer turns a numeric 0 or 1 into "retry forever".)
      retries: false,
      acks: this.#settings.acks,
      idempotent: this.#settings.idempotent,
      // As Kafka's producer: metadata requests let the broker create a missing topic when its
      // auto.create.topics.enable allows it (Connect's topic.creation.* covers the other case).
      autocreateTopics: true,
    });
    this.#sender = new ProduceSender(this.#client, {
      acks: this.#settings.acks, idempotent: this.#settings.idempotent, compression: this.#settings.compression,
      // The Produce request's timeout_ms, as the Java producer sets it from request.timeout.ms.
      requestTimeoutMs: options.requestTimeout ?? 30_000,
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
   * order they were produced; `handOff` lets the next batch go. A retriable failure sends the
   * batch again, in its turn (SendOrder), until delivery.timeout.ms has passed.
   */
  async #sendBatch(batch: Batch, previous: Promise<void>, handOff: () => void): Promise<void> {
    const { records, timestamps, listeners, tokens } = batch;
    const ticket = this.#order.ticket();
    let handedOff = false;
    const letNextGo = () => {
      if (!handedOff) handOff();
      handedOff = true;
    };
    // Kept across attempts: an unkeyed record stays in the partition it was first given, and a
    // partition Kafka has already taken is not sent again.
    let partitions: number[] | null = null;
    let groups: PartitionGroup[] | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        partitions ??= await this.#partitionsOf(records);
        groups ??= groupByPartition(records, partitions);
        const prepared = await this.#sender.prepare(groups, attempt > 0);
        if (attempt === 0) {
          await previous;
          await this.#order.firstTurn();
        }
        const answered = this.#sender.start(prepared, batch);
        this.#order.sent(ticket);
        letNextGo();
        await answered;
      } catch (error) {
        // The batches after this one will fail too and follow it, under a fresh producer id.
        this.#sender.forgetIdentity();
        // Not before every earlier batch has been handed to the client: none may be overtaken.
        await previous;
        const failure = this.#finalFailure(batch, error, attempt);
        if (failure !== null) {
          this.#order.settled(ticket);
          letNextGo();
          for (let i = 0; i < records.length; i++) listeners[i].onFailure(tokens[i], failure);
          return;
        }
        // One WARN when retrying starts, not one per batch or attempt: an outage fails them all.
        if (!this.#order.retrying) {
          const cause = connectionFailureText(error);
          this.#log.warn({ topics: topicsOf(records), cause },
            `Sending to ${topicsOf(records).join(', ')} failed with a retriable error (${cause}); retrying, in order, for up to delivery.timeout.ms=${this.#settings.deliveryTimeoutMs} per record`);
        }
        const turn = this.#order.retryTurn(ticket);
        letNextGo();
        await turn;
        const left = batch.createdAt + this.#settings.deliveryTimeoutMs - Date.now();
        const backoff = retryBackoffMs(attempt + 1, this.#settings);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(left, backoff)));
        if (backoff < left) continue;
        // Expired while waiting for its turn or its backoff: fail without another attempt.
        const expired = deliveryTimeoutError(batch.length, topicsOf(records), Date.now() - batch.createdAt, this.#settings, error, attempt + 1);
        this.#order.settled(ticket);
        for (let i = 0; i < records.length; i++) listeners[i].onFailure(tokens[i], expired);
        return;
      }
      this.#order.settled(ticket);
      const offsets = recordOffsets(records.length, groups!);
      for (let i = 0; i < records.length; i++) {
        if (partitions![i] < 0) listeners[i].onFailure(tokens[i], invalidPartitionError(records[i]));
        else listeners[i].onDelivery(tokens[i], { topic: records[i].topic, partition: partitions![i], offset: offsets[i], timestamp: timestamps[i] });
      }
      return;
    }
  }

  /** The error to fail the batch with, or null when it is to be sent again. */
  #finalFailure(batch: Batch, error: unknown, attempt: number): Error | null {
    if (!isRetriableKafkaError(error) && !isProducerStateLost(error)) return error as Error;
    const elapsed = Date.now() - batch.createdAt;
    if (elapsed < this.#settings.deliveryTimeoutMs) return null;
    return deliveryTimeoutError(batch.length, topicsOf(batch.records), elapsed, this.#settings, error, attempt + 1);
  }

  /**
   * The partition of every record. A topic that is still being created may be missing from the
   * first metadata answers: this batch retries (with backoff, up to about 10 s) rather than fail
   * while the batches behind it, which wait for it, would otherwise go first and land out of order.
   */
  async #partitionsOf(records: ProducerRecord[]): Promise<number[]> {
    const topics = topicsOf(records);
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

  #partitionFor(record: ProducerRecord, count: number): number {
    // -1: a partition the topic does not have; the record fails alone (see #sendBatch).
    if (record.partition != null) return record.partition >= 0 && record.partition < count ? record.partition : -1;
    // Any hash modulo 1 is 0: skip murmur2 on single-partition topics.
    if (record.key !== null) return count === 1 ? 0 : (murmur2(record.key) & MASK_31_BITS) % count;
    return this.#roundRobin++ % count;
  }
}

/** As Kafka's producer refuses a record for a partition its topic does not have (no metadata refresh can make it valid). */
function invalidPartitionError(record: ProducerRecord): Error {
  const error = new Error(`Invalid partition given with record: ${record.partition} is not in the range of the partitions of ${record.topic}.`);
  error.name = 'IllegalArgumentException';
  return error;
}
