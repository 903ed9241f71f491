import type { SinkRecord } from '../data/sink-record.ts';
import type { SourceOffset, SourcePartition, SourceRecord } from '../data/source-record.ts';
import type { TopicPartition, TopicPartitionOffset } from './topic-partition.ts';

/** What every task has: a version and a start/stop life cycle. Task configs are string maps. */
export interface Task {
  version(): string;
  start(props: Record<string, string>): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** Reads the offsets committed for a source connector (to resume where it left off). */
export interface OffsetStorageReader {
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  offsets(partitions: readonly SourcePartition[]): Promise<Array<{ partition: SourcePartition; offset: SourceOffset | null }>>;
}

/** Lets a source task that defines its own transactions commit or abort them (exactly-once). */
export interface TransactionContext {
  commitTransaction(record?: SourceRecord): void;
  abortTransaction(record?: SourceRecord): void;
}

export interface SourceTaskContext {
  /** The task's current config. */
  configs(): Record<string, string>;
  offsetStorageReader(): OffsetStorageReader;
  /** Non-null only when exactly-once is on and transaction.boundary=connector. */
  transactionContext(): TransactionContext | null;
}

/** Where Kafka wrote a record (for commitRecord). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}

/**
 * Reads from the source system. The worker calls poll() in a loop; the offsets of returned
 * records are committed only after Kafka acknowledged them (then commit/commitRecord are called,
 * e.g. to acknowledge a replication slot).
 */
export abstract class SourceTask implements Task {
  #context: SourceTaskContext | undefined;

  initialize(context: SourceTaskContext): void {
    this.#context = context;
  }

  protected get context(): SourceTaskContext {
    if (this.#context === undefined) throw new Error('SourceTask used before initialize()');
    return this.#context;
  }

  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;

  /** The next records, or null/[] when there are none yet. May wait a little, never forever. */
  abstract poll(): Promise<SourceRecord[] | null>;

  /** All records polled so far whose offsets were flushed are durable. */
  commit(): void | Promise<void> {}

  /**
   * One record was acknowledged by Kafka (metadata set), or dropped by a transform or the error
   * handler (metadata null).
   */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void | Promise<void> {}

  /** Called from another async context than poll(): make a pending poll() return soon. */
  abstract stop(): void | Promise<void>;
}

/** Reports a record that failed in the sink task to the DLQ / error log (errors.tolerance=all). */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}

export interface SinkTaskContext {
  configs(): Record<string, string>;
  /** Rewind or skip: consumption of these partitions resumes at these offsets. */
  offset(offsets: readonly TopicPartitionOffset[]): void;
  /** put() threw a RetriableException: retry the same batch after this many milliseconds. */
  timeout(timeoutMs: number): void;
  assignment(): readonly TopicPartition[];
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Ask the worker to commit offsets soon (it calls preCommit first). */
  requestCommit(): void;
  /** null when the worker has no error reporting configured. */
  errantRecordReporter(): ErrantRecordReporter | null;
}

/**
 * Writes records to the target system. Offsets are committed only for what preCommit returns,
 * so a task that buffers must report only what it has made durable.
 */
export abstract class SinkTask implements Task {
  /** The config key with the comma-separated topics to consume. */
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  #context: SinkTaskContext | undefined;

  initialize(context: SinkTaskContext): void {
    this.#context = context;
  }

  protected get context(): SinkTaskContext {
    if (this.#context === undefined) throw new Error('SinkTask used before initialize()');
    return this.#context;
  }

  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;

  /** These partitions were assigned to the task (after a rebalance). */
  open(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  /** Write (or buffer) these records. Throw RetriableException to have the batch retried. */
  abstract put(records: readonly SinkRecord[]): Promise<void>;

  /** Make everything put so far durable. The default preCommit calls it. */
  flush(_currentOffsets: readonly TopicPartitionOffset[]): void | Promise<void> {}

  /**
   * Which offsets may be committed. By default: flush everything, then commit what was consumed.
   * The invariant: return only offsets whose records are durable downstream.
   */
  async preCommit(currentOffsets: readonly TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    await this.flush(currentOffsets);
    return [...currentOffsets];
  }

  /** These partitions were revoked: drop their buffers (after a final preCommit by the worker). */
  close(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  abstract stop(): void | Promise<void>;
}
