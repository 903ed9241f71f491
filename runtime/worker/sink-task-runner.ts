// Runs one sink task: consumer group → converters → transform chain → put(). Consumer offsets are
// committed only for what preCommit returns, every offset.flush.interval.ms, on requestCommit, on
// partition revocation and on stop: an offset is committed only after the data it covers is
// durable downstream — the task says what is durable, the worker never commits past it.
import type { Logger } from 'pino';
import { ConnectException, RetriableException } from '../api/errors.ts';
import type { ErrantRecordReporter, SinkTask, SinkTaskContext } from '../api/task.ts';
import { topicPartitionKey, type TopicPartitionOffset } from '../api/topic-partition.ts';
import type { SinkRecord } from '../data/sink-record.ts';
import type { SinkConsumer } from '../kafka/group-consumer.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import type { TaskConverters } from './converters-wiring.ts';
import { SKIPPED, toError, type RetryWithToleranceOperator } from './retry-with-tolerance.ts';
import { convertConsumedRecord } from './sink-record-conversion.ts';
import { StateReporter, type TaskRunner, type TaskRunnerBase } from './task-runner.ts';
import type { TransformChain } from './transform-chain.ts';

export interface SinkTaskRunnerOptions extends TaskRunnerBase {
  readonly task: SinkTask;
  readonly consumer: SinkConsumer;
  readonly converters: TaskConverters;
  readonly chain: TransformChain;
  readonly operator: RetryWithToleranceOperator;
  readonly offsetCommitIntervalMs: number;
}

export class SinkTaskRunner implements TaskRunner {
  readonly #o: SinkTaskRunnerOptions;
  readonly #log: Logger;
  readonly #state: StateReporter;
  /** Next offset to consume per partition, for what put() has accepted (Kafka's currentOffsets). */
  readonly #current = new Map<string, TopicPartitionOffset>();
  readonly #committed = new Map<string, number>();
  readonly #rewinds = new Map<string, TopicPartitionOffset>();
  readonly #userPaused = new Set<string>();
  /** The batch last polled, for the errant record reporter (indexed on its first report). */
  #batch: readonly ConsumedRecord[] = [];
  #batchIndex: Map<string, ConsumedRecord> | null = null;
  #retryBatch: { records: SinkRecord[]; next: Map<string, TopicPartitionOffset> } | null = null;
  #retryAt = 0;
  #timeoutMs = 0;
  #commitRequested = false;
  #lastCommit = Date.now();
  #failure: Error | null = null;
  #stopping = false;
  #paused = false;
  #wake: (() => void) | null = null;
  #done: Promise<void> | null = null;

  constructor(options: SinkTaskRunnerOptions) {
    this.#o = options;
    this.#log = options.logger.child({ connector: options.id.connector, task: options.id.task });
    this.#state = new StateReporter(options.onStateChange);
  }

  start(paused = false): void {
    this.#paused = paused;
    this.#done = this.#run();
  }

  pause(): void { this.#paused = true; this.#state.change('PAUSED'); }
  resume(): void { this.#paused = false; this.#wake?.(); this.#state.change('RUNNING'); }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#o.operator.stop();
    this.#wake?.();
    await this.#done;
  }

  #context(): SinkTaskContext {
    const reporter: ErrantRecordReporter | null = this.#o.operator.hasReporters() ? { report: (r, e) => this.#reportErrant(r, e) } : null;
    return {
      configs: () => ({ ...this.#o.taskConfig }),
      offset: (offsets) => { for (const o of offsets) this.#rewinds.set(topicPartitionKey(o), o); },
      timeout: (ms) => { this.#timeoutMs = ms; },
      assignment: () => this.#o.consumer.assignment(),
      pause: (...tps) => { for (const tp of tps) { this.#userPaused.add(topicPartitionKey(tp)); this.#o.consumer.pause(tp); } },
      resume: (...tps) => { for (const tp of tps) { this.#userPaused.delete(topicPartitionKey(tp)); this.#o.consumer.resume(tp); } },
      requestCommit: () => { this.#commitRequested = true; },
      errantRecordReporter: () => reporter,
    };
  }

  async #run(): Promise<void> {
    let failure: Error | null = null;
    try {
      this.#o.task.initialize(this.#context());
      await this.#o.task.start({ ...this.#o.taskConfig });
      await this.#o.consumer.subscribe();
      this.#state.change(this.#paused ? 'PAUSED' : 'RUNNING');
      while (!this.#stopping) await this.#iteration();
    } catch (error) {
      failure = toError(error);
      this.#log.error({ err: failure }, 'task failed');
      this.#state.change('FAILED', failure);
    }
    try {
      if (failure === null) await this.#commit();
      await this.#o.task.close(this.#o.consumer.assignment());
      await this.#o.task.stop();
    } catch (error) {
      this.#log.warn({ err: error }, 'closing the task failed');
    }
    await this.#o.consumer.close().catch(() => undefined);
    this.#o.chain.close();
    if (failure === null) this.#state.change('UNASSIGNED');
  }

  async #iteration(): Promise<void> {
    if (this.#failure !== null) throw this.#failure;
    const change = this.#o.consumer.takeAssignmentChange();
    if (change !== null) {
      if (change.revoked.length > 0) {
        await this.#commit();
        await this.#o.task.close(change.revoked);
        for (const tp of change.revoked) this.#current.delete(topicPartitionKey(tp));
      }
      if (change.assigned.length > 0) await this.#o.task.open(change.assigned);
    }
    if (this.#paused) {
      await new Promise<void>((r) => { this.#wake = r; });
      return;
    }
    for (const [key, o] of this.#rewinds) {
      this.#o.consumer.seek(o, o.offset);
      this.#current.set(key, { topic: o.topic, partition: o.partition, offset: o.offset });
    }
    this.#rewinds.clear();
    if (this.#commitRequested || Date.now() - this.#lastCommit >= this.#o.offsetCommitIntervalMs) await this.#commit();
    if (this.#retryBatch !== null) {
      if (Date.now() < this.#retryAt) await new Promise((r) => setTimeout(r, Math.min(100, this.#retryAt - Date.now())));
      else await this.#deliver(this.#retryBatch.records, this.#retryBatch.next);
      return;
    }
    const consumed = await this.#o.consumer.poll();
    if (consumed.length === 0) return;
    this.#batch = consumed;
    this.#batchIndex = null;
    // One synchronous loop over the batch: a record costs a promise only when the error handler
    // has to retry or report (then the batch waits for it, keeping the order put() sees).
    const records: SinkRecord[] = [];
    const onTopicUsed = this.#o.onTopicUsed;
    let lastTopic: string | null = null;
    for (let i = 0; i < consumed.length; i++) {
      // Kafka records the active topic per consumed record; once per run of one topic in a batch is the same set, cheaper.
      if (onTopicUsed !== undefined && consumed[i].topic !== lastTopic) onTopicUsed(lastTopic = consumed[i].topic);
      let record = convertConsumedRecord(consumed[i], this.#o);
      if (record instanceof Promise) record = await record;
      if (record !== null && record !== SKIPPED) records.push(record);
    }
    await this.#deliver(records, nextOffsets(consumed));
  }

  async #deliver(records: SinkRecord[], next: Map<string, TopicPartitionOffset>): Promise<void> {
    try {
      if (records.length > 0) await this.#o.task.put(records);
      for (const [key, o] of next) this.#current.set(key, o);
      if (this.#retryBatch !== null) for (const tp of this.#o.consumer.assignment()) if (!this.#userPaused.has(topicPartitionKey(tp))) this.#o.consumer.resume(tp);
      this.#retryBatch = null;
    } catch (error) {
      if (!(error instanceof RetriableException)) throw new ConnectException('Exiting WorkerSinkTask due to unrecoverable exception.', { cause: error });
      // Kafka: pause consumption and hand the same batch to put() again after context.timeout().
      this.#log.warn({ err: error, retryInMs: this.#timeoutMs }, 'put() failed with a retriable exception; retrying the batch');
      for (const tp of this.#o.consumer.assignment()) this.#o.consumer.pause(tp);
      this.#retryBatch = { records, next };
      this.#retryAt = Date.now() + this.#timeoutMs;
    }
  }

  async #commit(): Promise<void> {
    this.#commitRequested = false;
    this.#lastCommit = Date.now();
    const assigned = new Set(this.#o.consumer.assignment().map(topicPartitionKey));
    const current = [...this.#current.values()].filter((o) => assigned.has(topicPartitionKey(o)));
    if (current.length === 0) return;
    let approved: TopicPartitionOffset[];
    try {
      approved = await this.#o.task.preCommit(current);
    } catch (error) {
      this.#log.error({ err: error }, 'preCommit() failed; offsets not committed');
      return;
    }
    const toCommit = approved.filter((o) => assigned.has(topicPartitionKey(o)) && this.#committed.get(topicPartitionKey(o)) !== o.offset);
    if (toCommit.length === 0) return;
    try {
      await this.#o.consumer.commit(toCommit);
      for (const o of toCommit) this.#committed.set(topicPartitionKey(o), o.offset);
    } catch (error) {
      this.#log.warn({ err: error }, 'committing consumer offsets failed; will retry at the next commit');
    }
  }

  /** The errant record reporter: the record's consumed bytes go to the DLQ (stage TASK_PUT). */
  async #reportErrant(record: SinkRecord, error: Error): Promise<void> {
    this.#batchIndex ??= new Map(this.#batch.map((c) => [`${c.topic}/${c.partition}/${c.offset}`, c]));
    const consumed = this.#batchIndex.get(`${record.originalTopic}/${record.originalKafkaPartition}/${record.originalKafkaOffset}`);
    try {
      await this.#o.operator.fail('TASK_PUT', this.#o.task.constructor.name, error, consumed === undefined ? {} : { consumed });
    } catch (failure) {
      this.#failure ??= toError(failure);
      throw failure;
    }
  }
}

/** The next offset of each partition in a polled batch: after its last record (set once per run of a partition's records). */
function nextOffsets(consumed: readonly ConsumedRecord[]): Map<string, TopicPartitionOffset> {
  const next = new Map<string, TopicPartitionOffset>();
  for (let i = 0; i < consumed.length; i++) {
    const c = consumed[i];
    const following = consumed[i + 1];
    if (following !== undefined && following.partition === c.partition && following.topic === c.topic) continue;
    next.set(topicPartitionKey(c), { topic: c.topic, partition: c.partition, offset: c.offset + 1 });
  }
  return next;
}
