// A consumer-group member for sink tasks: the client library runs the group protocol (join,
// sync, heartbeats, rejoin on rebalance); this class keeps fetch positions itself so the task
// runner controls pause/resume, seeks and commits (never auto-commit: offsets are committed only
// for what the sink task reports durable).
import { Consumer } from '@platformatic/kafka';
import { topicPartitionKey, type TopicPartition, type TopicPartitionOffset } from '../api/topic-partition.ts';
import type { ClientOptions } from './client-config.ts';
import { isRetriableKafkaError } from './connection-errors.ts';
import { PartitionFetcher, type ConsumedRecord, type FetchedRound, type FetchSettings } from './partition-fetcher.ts';

export interface GroupSettings extends FetchSettings {
  groupId: string;
  topics: readonly string[];
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Kafka's allow.auto.create.topics (default true): subscribing creates missing topics when the broker allows it. */
  allowAutoCreateTopics?: boolean;
  /** Where to start a partition without a committed offset (Kafka's auto.offset.reset). */
  autoOffsetReset?: 'earliest' | 'latest' | 'none';
}

export interface AssignmentChange {
  readonly assigned: TopicPartition[];
  readonly revoked: TopicPartition[];
}

/** The operations the sink task runner needs; a test can provide its own. */
export interface SinkConsumer {
  subscribe(): Promise<void>;
  /** What changed since the last call (null: nothing). */
  takeAssignmentChange(): AssignmentChange | null;
  assignment(): TopicPartition[];
  poll(): Promise<ConsumedRecord[]>;
  seek(tp: TopicPartition, offset: number): void;
  position(tp: TopicPartition): number | undefined;
  pause(tp: TopicPartition): void;
  resume(tp: TopicPartition): void;
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  close(): Promise<void>;
}

/** Pause after a poll that failed because the cluster could not be reached (the client already retried). */
const RETRY_PAUSE_MS = 200;

export class GroupConsumer implements SinkConsumer {
  /** The last failure poll() swallowed while the cluster was unreachable (for diagnostics). */
  lastRetriableError: unknown = null;
  readonly #client: Consumer;
  readonly #fetcher: PartitionFetcher;
  readonly #settings: GroupSettings;
  #assigned = new Map<string, TopicPartition>();
  #changes: AssignmentChange[] = [];
  /**
   * The next round, asked for as soon as a round with records was handed out, so the broker works
   * while the task converts and puts (at most one fetch in flight, as fetch sessions require). Its
   * records count only if their partitions' positions did not move meanwhile (see PartitionFetcher).
   * It does not wait for new records (max wait 0): a long poll left in flight would hold up
   * close() (the broker keeps the connection until it answers), and once caught up poll() waits
   * for new records itself as it did before.
   */
  #prefetched: Promise<FetchedRound> | null = null;
  #closing = false;
  /** A background rejoin the client gave up on: this member is out of the group. */
  #failure: Error | null = null;

  constructor(options: ClientOptions, settings: GroupSettings) {
    this.#settings = settings;
    this.#client = new Consumer({
      ...options, groupId: settings.groupId, autocommit: false, autocreateTopics: settings.allowAutoCreateTopics ?? true,
      sessionTimeout: settings.sessionTimeoutMs ?? 45_000,
      heartbeatInterval: settings.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: settings.rebalanceTimeoutMs ?? 300_000,
    });
    this.#fetcher = new PartitionFetcher(this.#client, settings);
    this.#fetcher.onOutOfRange = (tp) => this.#resetPosition(tp);
    this.#client.on('consumer:group:join', (payload) => this.#onJoin(payload.assignments ?? []));
    // The client rejoins in the background after a rebalance and reports a rejoin it gave up on as
    // an 'error' event; unheard, Node throws it and the whole worker process dies. Closing, the
    // member has left the group on purpose (its pending rejoin fails with UNKNOWN_MEMBER_ID):
    // nothing to report. Otherwise the next poll or commit fails the task with it, rather than
    // fetching partitions that may now belong to another member.
    this.#client.on('error', (error: Error) => {
      if (!this.#closing) this.#failure ??= error;
    });
  }

  async subscribe(): Promise<void> {
    this.#client.topics.trackAll(...this.#settings.topics);
    await this.#client.joinGroup({});
  }

  takeAssignmentChange(): AssignmentChange | null {
    if (this.#changes.length === 0) return null;
    const assigned = new Map<string, TopicPartition>();
    const revoked = new Map<string, TopicPartition>();
    for (const change of this.#changes.splice(0)) {
      for (const tp of change.revoked) {
        if (assigned.delete(topicPartitionKey(tp))) continue;
        revoked.set(topicPartitionKey(tp), tp);
      }
      for (const tp of change.assigned) {
        if (revoked.delete(topicPartitionKey(tp))) continue;
        assigned.set(topicPartitionKey(tp), tp);
      }
    }
    return { assigned: [...assigned.values()], revoked: [...revoked.values()] };
  }

  assignment(): TopicPartition[] {
    return [...this.#assigned.values()];
  }

  /**
   * Starts newly assigned partitions at their committed offset (or the reset policy), then hands
   * out the round fetched ahead, or, when that brought nothing, fetches (long polling).
   * While the cluster cannot be reached this returns no records instead of failing (as Kafka's
   * consumer.poll() does): positions are kept, so the task resumes where it was once the broker is back.
   */
  async poll(): Promise<ConsumedRecord[]> {
    if (this.#failure !== null) throw this.#failure;
    const prefetched = this.#prefetched;
    this.#prefetched = null;
    try {
      const unpositioned = this.assignment().filter((tp) => this.#fetcher.position(tp) === undefined);
      if (unpositioned.length > 0) await this.#positionFromCommitted(unpositioned);
      let records = prefetched === null ? [] : this.#fetcher.take(await prefetched);
      if (records.length === 0) records = this.#fetcher.take(await this.#fetcher.fetch());
      if (records.length > 0) this.#prefetch();
      return records;
    } catch (error) {
      if (!isRetriableKafkaError(error)) throw error;
      this.lastRetriableError = error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      return [];
    }
  }

  seek(tp: TopicPartition, offset: number): void { this.#fetcher.seek(tp, offset); }
  position(tp: TopicPartition): number | undefined { return this.#fetcher.position(tp); }
  pause(tp: TopicPartition): void { this.#fetcher.pause(tp); }
  resume(tp: TopicPartition): void { this.#fetcher.resume(tp); }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    if (this.#failure !== null) throw this.#failure;
    await this.#client.commit({
      offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })),
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#prefetched = null;
    await this.#client.close(true);
  }

  #prefetch(): void {
    if (this.#closing) return;
    const next = this.#fetcher.fetch(0);
    // A failure is the next poll's to report (it awaits this promise); until then it is not unhandled.
    next.catch(() => undefined);
    this.#prefetched = next;
  }

  #onJoin(assignments: ReadonlyArray<{ topic: string; partitions: number[] }>): void {
    const next = new Map<string, TopicPartition>();
    for (const a of assignments) for (const partition of a.partitions) next.set(topicPartitionKey({ topic: a.topic, partition }), { topic: a.topic, partition });
    const revoked = [...this.#assigned].filter(([k]) => !next.has(k)).map(([, tp]) => tp);
    const assigned = [...next].filter(([k]) => !this.#assigned.has(k)).map(([, tp]) => tp);
    for (const tp of revoked) this.#fetcher.remove(tp);
    this.#assigned = next;
    if (revoked.length > 0 || assigned.length > 0) this.#changes.push({ assigned, revoked });
  }

  async #positionFromCommitted(partitions: TopicPartition[]): Promise<void> {
    const byTopic = new Map<string, number[]>();
    for (const tp of partitions) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    const committed = await this.#client.listCommittedOffsets({ topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })) });
    for (const tp of partitions) {
      const offset = committed.get(tp.topic)?.[tp.partition];
      if (offset !== undefined && offset >= 0n) this.#fetcher.seek(tp, Number(offset));
      else this.#fetcher.seek(tp, await this.#resetPosition(tp));
    }
  }

  async #resetPosition(tp: TopicPartition): Promise<number> {
    const policy = this.#settings.autoOffsetReset ?? 'earliest';
    if (policy === 'none') throw new Error(`No committed offset for ${topicPartitionKey(tp)} and auto.offset.reset=none`);
    const offsets = await this.#client.listOffsets({ topics: [tp.topic], timestamp: policy === 'earliest' ? -2n : -1n });
    return Number(offsets.get(tp.topic)?.[tp.partition] ?? 0n);
  }
}
