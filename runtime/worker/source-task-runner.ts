// Runs one source task: poll → transform chain → header/key/value converters → producer. A
// record's source offset becomes committable only once Kafka acknowledged it (SubmittedRecords),
// and offsets are written to the offset store every offset.flush.interval.ms and on stop; then
// task.commit() is called. commitRecord(record, metadata) follows each ack (metadata null for a
// record dropped by a transform or skipped by the error handler).
import type { Logger } from 'pino';
import { SourceTask, type SourceTaskContext } from '../api/task.ts';
import { RetriableException } from '../api/errors.ts';
import type { SourceOffset, SourcePartition, SourceRecord } from '../data/source-record.ts';
import type { DeliveryListener, DeliveryReport, KafkaProducer, ProducerRecord } from '../kafka/producer.ts';
import { offsetStorageReader, type OffsetStore } from '../storage/offset-backing-store.ts';
import type { TaskConverters } from './converters-wiring.ts';
import { SKIPPED, toError, type Outcome, type ProcessingContext, type RetryWithToleranceOperator } from './retry-with-tolerance.ts';
import { convertSourceRecord } from './source-record-conversion.ts';
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.ts';
import type { TaskRunner, TaskRunnerBase } from './task-runner.ts';
import { StateReporter } from './task-runner.ts';
import type { TopicCreation } from './topic-creation.ts';
import type { TransformChain } from './transform-chain.ts';

export interface SourceTaskRunnerOptions extends TaskRunnerBase {
  readonly task: SourceTask;
  readonly producer: KafkaProducer;
  readonly offsetStore: OffsetStore;
  readonly converters: TaskConverters;
  readonly chain: TransformChain;
  readonly operator: RetryWithToleranceOperator;
  readonly topicCreation: TopicCreation | null;
  readonly offsetFlushIntervalMs: number;
  readonly offsetFlushTimeoutMs: number;
  /** Records sent and not yet acknowledged before poll() is no longer called (backpressure). */
  readonly maxInFlight: number;
}

type Offsets = Map<string, { partition: Record<string, unknown>; offset: Record<string, unknown> }>;
type RecordContext = Pick<ProcessingContext, 'source'>;

/**
 * A record between poll() and its acknowledgement: the producer's delivery token and the entry
 * SubmittedRecords tracks, in one object (every object alive until the ack is copied by each
 * young-generation GC, and up to maxInFlight records are alive).
 */
class InFlightRecord implements SubmittedRecord {
  /**
   * The task's record, for commitRecord after the ack; null when the task keeps SourceTask's
   * no-op commitRecord, so that the record with its key and value dies young instead of staying
   * alive (and being copied by GCs) until Kafka acknowledges it.
   */
  readonly original: SourceRecord | null;
  readonly partition: SourcePartition | null;
  readonly offset: SourceOffset | null;
  acked = false;
  /** The topic it was sent to (after transforms); '' until then. */
  topic = '';

  constructor(original: SourceRecord, keep: boolean) {
    this.original = keep ? original : null;
    this.partition = original.sourcePartition;
    this.offset = original.sourceOffset;
  }
}

export class SourceTaskRunner implements TaskRunner, DeliveryListener<InFlightRecord> {
  readonly #o: SourceTaskRunnerOptions;
  readonly #log: Logger;
  readonly #state: StateReporter;
  readonly #submitted = new SubmittedRecords();
  #unflushed: Offsets = new Map();
  #flushing: Promise<void> | null = null;
  #inFlight = 0;
  #wakeSender: (() => void) | null = null;
  #producerFailure: Error | null = null;
  #stopping = false;
  #paused = false;
  #resume: (() => void) | null = null;
  #done: Promise<void> | null = null;
  readonly #topicsUsed = new Set<string>();
  /** Whether the task overrides commitRecord (then each record is kept until its ack, to be given to it). */
  readonly #commitsRecords: boolean;

  constructor(options: SourceTaskRunnerOptions) {
    this.#o = options;
    this.#commitsRecords = options.task.commitRecord !== SourceTask.prototype.commitRecord;
    this.#log = options.logger.child({ connector: options.id.connector, task: options.id.task });
    this.#state = new StateReporter(options.onStateChange);
  }

  start(paused = false): void {
    this.#paused = paused;
    this.#done = this.#run();
  }

  pause(): void {
    this.#paused = true;
    this.#state.change('PAUSED');
  }

  resume(): void {
    this.#paused = false;
    this.#resume?.();
    this.#state.change('RUNNING');
  }

  /** Asks the task to stop; resolves when it has (offsets of acknowledged records committed). */
  async stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      this.#o.operator.stop();
      this.#resume?.();
      const wake = this.#wakeSender;
      this.#wakeSender = null;
      wake?.();
      try {
        await this.#o.task.stop();
      } catch (error) {
        this.#log.warn({ err: error }, 'task stop() failed');
      }
    }
    await this.#done;
  }

  /** Writes the committable offsets now (also what the flush timer does). */
  commitOffsets(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => { this.#flushing = null; });
    return this.#flushing;
  }

  async #run(): Promise<void> {
    const context: SourceTaskContext = {
      configs: () => ({ ...this.#o.taskConfig }),
      offsetStorageReader: () => offsetStorageReader(this.#o.offsetStore, this.#o.id.connector),
      transactionContext: () => null,
    };
    const timer = setInterval(() => void this.commitOffsets(), this.#o.offsetFlushIntervalMs);
    let failure: Error | null = null;
    try {
      this.#o.task.initialize(context);
      await this.#o.task.start({ ...this.#o.taskConfig });
      this.#state.change(this.#paused ? 'PAUSED' : 'RUNNING');
      while (!this.#stopping) {
        if (this.#paused) {
          await new Promise<void>((r) => { this.#resume = r; });
          continue;
        }
        if (this.#producerFailure !== null) throw this.#producerFailure;
        while (this.#inFlight >= this.#o.maxInFlight && !this.#stopping) await new Promise<void>((r) => { this.#wakeSender = r; });
        this.#takeCommittable();
        const records = await this.#poll();
        if (records === null || this.#stopping && records.length === 0) continue;
        for (let i = 0; i < records.length; i++) {
          const pending = this.#process(records[i]);
          if (pending !== undefined) await pending;
        }
      }
    } catch (error) {
      failure = toError(error);
      this.#log.error({ err: failure }, 'task failed');
      this.#state.change('FAILED', failure);
    } finally {
      clearInterval(timer);
      await this.#drainAndCommit();
      if (failure !== null) await Promise.resolve(this.#o.task.stop()).catch(() => undefined);
      this.#o.chain.close();
      if (failure === null) this.#state.change('UNASSIGNED');
    }
  }

  async #poll(): Promise<SourceRecord[] | null> {
    try {
      return await this.#o.task.poll();
    } catch (error) {
      // Kafka: a RetriableException from poll() is logged and poll() is simply called again.
      if (!(error instanceof RetriableException)) throw error;
      this.#log.warn({ err: error }, 'poll() failed with a retriable exception; polling again');
      return null;
    }
  }

  /**
   * Transforms, converts and queues one record. Synchronous unless something on its way is
   * asynchronous — the error handler retrying a stage, a topic's first use (topic creation), an
   * asynchronous commitRecord of a dropped record — so a polled batch costs no promise per record.
   */
  #process(original: SourceRecord): void | Promise<void> {
    const r = new InFlightRecord(original, this.#commitsRecords);
    this.#submitted.track(r);
    const context: RecordContext = { source: original };
    const transformed = this.#o.chain.apply(original, this.#o.operator, context);
    if (transformed instanceof Promise) return transformed.then((t) => this.#convertAndSend(r, context, t));
    return this.#convertAndSend(r, context, transformed);
  }

  #convertAndSend(r: InFlightRecord, context: RecordContext, transformed: Outcome<SourceRecord | null>): void | Promise<void> {
    if (transformed === null || transformed === SKIPPED) return this.#completed(r, null);
    const converted = convertSourceRecord(transformed, this.#o.converters, this.#o.operator, context);
    if (converted instanceof Promise) return converted.then((c) => this.#send(r, c));
    return this.#send(r, converted);
  }

  #send(r: InFlightRecord, converted: Outcome<ProducerRecord>): void | Promise<void> {
    if (converted === SKIPPED) return this.#completed(r, null);
    if (!this.#topicsUsed.has(converted.topic)) return this.#firstUse(converted.topic).then(() => this.#send(r, converted));
    this.#inFlight++;
    r.topic = converted.topic;
    this.#o.producer.produce(converted, this, r);
  }

  /** Creates the topic if asked to (topic.creation.*), once per topic, before its first record is sent. */
  async #firstUse(topic: string): Promise<void> {
    await this.#o.topicCreation?.ensure(topic);
    if (this.#topicsUsed.has(topic)) return;
    this.#topicsUsed.add(topic);
  }

  /** DeliveryListener: Kafka acknowledged the record, its offset may now be committed. */
  onDelivery(r: InFlightRecord, report: DeliveryReport): void {
    // Kafka records the active topic only for a record the broker acknowledged.
    this.#o.onTopicUsed?.(r.topic);
    void this.#completed(r, report);
    this.#sent();
  }

  /** DeliveryListener: the send failed (after the client's own retries). */
  onFailure(r: InFlightRecord, error: Error): void {
    if (!this.#o.operator.toleranceAll) {
      this.#producerFailure ??= error;
    } else {
      // KIP-779: with errors.tolerance=all a record Kafka refused is logged and skipped.
      this.#log.error({ err: error, topic: r.topic }, 'failed to send a record; skipping it (errors.tolerance=all)');
      void this.#completed(r, null);
    }
    this.#sent();
  }

  #sent(): void {
    this.#inFlight--;
    const wake = this.#wakeSender;
    if (wake !== null && (this.#inFlight < this.#o.maxInFlight || this.#stopping)) {
      this.#wakeSender = null;
      wake();
    }
  }

  /** Acknowledges the record (its offset may be committed) and tells the task; waits only for an asynchronous commitRecord. */
  #completed(r: InFlightRecord, report: DeliveryReport | null): void | Promise<void> {
    this.#submitted.ack(r);
    // Not kept: the task's commitRecord is SourceTask's, which does nothing.
    if (r.original === null) return;
    let pending: void | Promise<void>;
    try {
      pending = this.#o.task.commitRecord(r.original, report);
    } catch (error) {
      this.#log.warn({ err: error }, 'commitRecord() failed');
      return;
    }
    if (pending instanceof Promise) return pending.catch((error: unknown) => { this.#log.warn({ err: error }, 'commitRecord() failed'); });
  }

  async #drainAndCommit(): Promise<void> {
    try {
      await this.#o.producer.flush();
    } catch (error) {
      this.#log.warn({ err: error }, 'flushing the producer on stop failed');
    }
    await this.commitOffsets();
  }

  /**
   * Moves the offsets of acknowledged prefixes to what the next flush writes. Done before each
   * poll too (as Kafka's worker does), so acknowledged records are released at once rather than
   * held until offset.flush.interval.ms; offsets still advance only over acknowledged records.
   */
  #takeCommittable(): void {
    for (const [key, entry] of this.#submitted.committable().offsets) this.#unflushed.set(key, entry);
  }

  async #flush(): Promise<void> {
    this.#takeCommittable();
    const snapshot = this.#unflushed;
    this.#unflushed = new Map();
    try {
      if (snapshot.size > 0) {
        await withTimeout(this.#o.offsetStore.set(this.#o.id.connector, [...snapshot.values()]), this.#o.offsetFlushTimeoutMs);
      }
      // Offsets covering only acknowledged records are durable now: the task may acknowledge its source.
      await this.#o.task.commit();
    } catch (error) {
      this.#log.error({ err: error }, 'committing offsets failed; will retry at the next flush');
      for (const [key, entry] of snapshot) if (!this.#unflushed.has(key)) this.#unflushed.set(key, entry);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
