// One fetch round over a set of partitions at known positions: the part shared by the
// assign-only reader (internal topics) and the group consumer (sink tasks). Positions are the
// next offset to hand out; a partition can be paused (kept, not fetched).
//
// A round is fetched (fetch) and then taken (take) as two steps, so a caller may have the next
// round in flight while it works on the last one (the group consumer's prefetch). Invariant: a
// round's records of a partition are handed out only if that partition's position is still the
// one the round was fetched from — same position entry (no seek, no revocation in between), same
// offset, not paused. Otherwise they are dropped and fetched again from wherever the position now is.
import type { Consumer } from '@platformatic/kafka';
import { topicPartitionKey, type TopicPartition } from '../api/topic-partition.ts';
import { kafkaError } from './connection-errors.ts';

/** A record as read from Kafka, before any converter. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME';
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<readonly [string, Buffer | null]>;
}

export interface FetchSettings {
  maxWaitMs?: number;
  maxBytes?: number;
  partitionMaxBytes?: number;
}

/** Where a partition is read next; replaced (not changed) by seek, so a fetched round can tell. */
interface Position {
  readonly key: string;
  readonly tp: TopicPartition;
  offset: number;
}

/** What one round read from a partition: its records from `from.offset` on, and the offset after them. */
interface FetchedPartition {
  readonly from: Position;
  readonly fromOffset: number;
  readonly records: ConsumedRecord[];
  readonly next: number;
}

/** A fetched round, not yet handed out. */
export interface FetchedRound {
  readonly partitions: readonly FetchedPartition[];
}

const CONTROL_BATCH = 0x20;
const LOG_APPEND_TIME = 0x08;
const OFFSET_OUT_OF_RANGE = 1;
const LEADER_NOT_AVAILABLE = 5;
/** Shared by every record without headers (ConsumedRecord.headers is read-only). */
const NO_HEADERS: ReadonlyArray<readonly [string, Buffer | null]> = Object.freeze([]);
const EMPTY_ROUND: FetchedRound = Object.freeze({ partitions: Object.freeze([]) });

type TopicIds = Map<string, { id: string }>;

export class PartitionFetcher {
  readonly #client: Consumer;
  readonly #positions = new Map<string, Position>();
  readonly #paused = new Set<string>();
  readonly #settings: Required<FetchSettings>;
  /** Called when a position is out of range (e.g. records deleted); returns where to restart. */
  onOutOfRange: (tp: TopicPartition) => Promise<number> = async () => 0;

  constructor(client: Consumer, settings: FetchSettings = {}) {
    this.#client = client;
    this.#settings = { maxWaitMs: settings.maxWaitMs ?? 500, maxBytes: settings.maxBytes ?? 52_428_800, partitionMaxBytes: settings.partitionMaxBytes ?? 1_048_576 };
  }

  seek(tp: TopicPartition, offset: number): void {
    const key = topicPartitionKey(tp);
    this.#positions.set(key, { key, tp: { topic: tp.topic, partition: tp.partition }, offset });
  }

  remove(tp: TopicPartition): void {
    this.#positions.delete(topicPartitionKey(tp));
    this.#paused.delete(topicPartitionKey(tp));
  }

  position(tp: TopicPartition): number | undefined {
    return this.#positions.get(topicPartitionKey(tp))?.offset;
  }

  partitions(): TopicPartition[] {
    return [...this.#positions.values()].map((p) => p.tp);
  }

  pause(tp: TopicPartition): void { this.#paused.add(topicPartitionKey(tp)); }
  resume(tp: TopicPartition): void { this.#paused.delete(topicPartitionKey(tp)); }
  isPaused(tp: TopicPartition): boolean { return this.#paused.has(topicPartitionKey(tp)); }

  /** fetch() then take(): one round handed out at once. */
  async fetchOnce(): Promise<ConsumedRecord[]> {
    return this.take(await this.fetch());
  }

  /**
   * Fetches once from every leader of an active partition (long polling up to `maxWaitMs`,
   * maxWaitMs of the settings by default) without moving any position. When nothing is active
   * (no partition assigned yet, or all paused) it waits maxWaitMs and returns an empty round, as
   * Kafka's poll(timeout) blocks: resolving at once let a poll loop spin on promises alone and
   * starve the event loop (no heartbeat, no group join, no REST answer).
   */
  async fetch(maxWaitMs = this.#settings.maxWaitMs): Promise<FetchedRound> {
    const active: Position[] = [];
    for (const p of this.#positions.values()) if (!this.#paused.has(p.key)) active.push(p);
    if (active.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, maxWaitMs));
      return EMPTY_ROUND;
    }
    const topics = [...new Set(active.map((p) => p.tp.topic))];
    const metadata = await this.#client.metadata({ topics });
    const byNode = new Map<number, Position[]>();
    for (const p of active) {
      const leader = metadata.topics.get(p.tp.topic)?.partitions[p.tp.partition]?.leader;
      // LEADER_NOT_AVAILABLE: retriable (e.g. a broker that just restarted is still loading the partition).
      if (leader === undefined) throw kafkaError(LEADER_NOT_AVAILABLE, `No leader for ${p.key}`);
      const parts = byNode.get(leader);
      if (parts === undefined) byNode.set(leader, [p]);
      else parts.push(p);
    }
    const rounds = await Promise.all([...byNode].map(([node, parts]) => this.#fetchFrom(node, parts, metadata.topics, maxWaitMs)));
    return rounds.length === 1 ? rounds[0] : { partitions: rounds.flatMap((r) => r.partitions) };
  }

  /** The round's records of every partition whose position has not moved since it was fetched, advancing those positions. */
  take(round: FetchedRound): ConsumedRecord[] {
    const taken: ConsumedRecord[][] = [];
    for (const part of round.partitions) {
      const position = part.from;
      if (this.#positions.get(position.key) !== position || position.offset !== part.fromOffset || this.#paused.has(position.key)) continue;
      position.offset = part.next;
      if (part.records.length > 0) taken.push(part.records);
    }
    // One partition's records are handed out as they are (the usual case); several are joined.
    return taken.length === 1 ? taken[0] : taken.flat();
  }

  async #fetchFrom(node: number, parts: Position[], topics: TopicIds, maxWaitMs: number): Promise<FetchedRound> {
    const byTopic = new Map<string, Position[]>();
    for (const p of parts) {
      const same = byTopic.get(p.tp.topic);
      if (same === undefined) byTopic.set(p.tp.topic, [p]);
      else same.push(p);
    }
    const names = new Map([...byTopic.keys()].map((t) => [topics.get(t)!.id, t]));
    // The offsets asked for, read before the request: a seek while it is in flight makes a new Position.
    const asked = new Map(parts.map((p) => [p.key, { position: p, offset: p.offset }]));
    const response = await this.#client.fetch({
      node, maxWaitTime: maxWaitMs, maxBytes: this.#settings.maxBytes, minBytes: 1,
      topics: [...byTopic].map(([topic, ps]) => ({
        topicId: topics.get(topic)!.id,
        partitions: ps.map((p) => ({ partition: p.tp.partition, fetchOffset: BigInt(p.offset), partitionMaxBytes: this.#settings.partitionMaxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 })),
      })),
    });
    const fetched: FetchedPartition[] = [];
    for (const t of response.responses) {
      const topic = names.get(t.topicId);
      if (topic === undefined) continue;
      for (const p of t.partitions) {
        const request = asked.get(topicPartitionKey({ topic, partition: p.partitionIndex }));
        if (request === undefined) continue;
        const { position, offset } = request;
        if (p.errorCode === OFFSET_OUT_OF_RANGE) {
          fetched.push({ from: position, fromOffset: offset, records: [], next: await this.onOutOfRange(position.tp) });
          continue;
        }
        // The client's error table says whether the code is retriable (canRetry), as Kafka's does.
        if (p.errorCode !== 0) throw kafkaError(p.errorCode, `Fetch ${position.key} failed with Kafka error code ${p.errorCode}`);
        const records: ConsumedRecord[] = [];
        const next = decodeBatches(topic, p.partitionIndex, offset, p.records ?? [], records);
        fetched.push({ from: position, fromOffset: offset, records, next });
      }
    }
    return { partitions: fetched };
  }
}

type FetchedBatch = NonNullable<Awaited<ReturnType<Consumer['fetch']>>['responses'][number]['partitions'][number]['records']>[number];

/** Appends the records at or after `from` to `out`; returns the offset after the last batch. */
function decodeBatches(topic: string, partition: number, from: number, batches: readonly FetchedBatch[], out: ConsumedRecord[]): number {
  let next = from;
  for (const batch of batches) {
    // Offsets and timestamps as numbers once per batch, not BigInt arithmetic per record.
    const firstOffset = Number(batch.firstOffset);
    const last = firstOffset + batch.lastOffsetDelta;
    if ((batch.attributes & CONTROL_BATCH) !== 0) {
      next = Math.max(next, last + 1);
      continue;
    }
    const logAppend = (batch.attributes & LOG_APPEND_TIME) !== 0;
    const timestampType = logAppend ? 'LOG_APPEND_TIME' : 'CREATE_TIME';
    const baseTimestamp = Number(logAppend ? batch.maxTimestamp : batch.firstTimestamp);
    for (const r of batch.records) {
      const offset = firstOffset + r.offsetDelta;
      if (offset < next) continue;
      out.push({
        topic, partition, offset,
        timestamp: logAppend ? baseTimestamp : baseTimestamp + Number(r.timestampDelta),
        timestampType,
        key: r.key, value: r.value,
        headers: r.headers.length === 0 ? NO_HEADERS : r.headers.map(([k, v]) => [k === null ? '' : k.toString('utf8'), v] as const),
      });
      next = offset + 1;
    }
    next = Math.max(next, last + 1);
  }
  return next;
}
