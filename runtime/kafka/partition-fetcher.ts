// One fetch round over a set of partitions at known positions: the part shared by the
// assign-only reader (internal topics) and the group consumer (sink tasks). Positions are the
// next offset to read; a partition can be paused (kept, not fetched).
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

const CONTROL_BATCH = 0x20;
const LOG_APPEND_TIME = 0x08;
const OFFSET_OUT_OF_RANGE = 1;
const LEADER_NOT_AVAILABLE = 5;
/** Shared by every record without headers (ConsumedRecord.headers is read-only). */
const NO_HEADERS: ReadonlyArray<readonly [string, Buffer | null]> = Object.freeze([]);

export class PartitionFetcher {
  readonly #client: Consumer;
  readonly #positions = new Map<string, { tp: TopicPartition; offset: number }>();
  readonly #paused = new Set<string>();
  readonly #settings: Required<FetchSettings>;
  /** Called when a position is out of range (e.g. records deleted); returns where to restart. */
  onOutOfRange: (tp: TopicPartition) => Promise<number> = async () => 0;

  constructor(client: Consumer, settings: FetchSettings = {}) {
    this.#client = client;
    this.#settings = { maxWaitMs: settings.maxWaitMs ?? 500, maxBytes: settings.maxBytes ?? 52_428_800, partitionMaxBytes: settings.partitionMaxBytes ?? 1_048_576 };
  }

  seek(tp: TopicPartition, offset: number): void {
    this.#positions.set(topicPartitionKey(tp), { tp: { topic: tp.topic, partition: tp.partition }, offset });
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

  /**
   * Fetches once from every leader of an active partition (long polling up to maxWaitMs) and
   * advances positions past what it returns. Returns [] at once when nothing is active.
   */
  async fetchOnce(): Promise<ConsumedRecord[]> {
    const active = [...this.#positions.entries()].filter(([key]) => !this.#paused.has(key)).map(([, p]) => p);
    if (active.length === 0) return [];
    const topics = [...new Set(active.map((p) => p.tp.topic))];
    const metadata = await this.#client.metadata({ topics });
    const byNode = new Map<number, typeof active>();
    for (const p of active) {
      const leader = metadata.topics.get(p.tp.topic)?.partitions[p.tp.partition]?.leader;
      // LEADER_NOT_AVAILABLE: retriable (e.g. a broker that just restarted is still loading the partition).
      if (leader === undefined) throw kafkaError(LEADER_NOT_AVAILABLE, `No leader for ${topicPartitionKey(p.tp)}`);
      byNode.set(leader, [...(byNode.get(leader) ?? []), p]);
    }
    const rounds = await Promise.all([...byNode].map(([node, parts]) => this.#fetchFrom(node, parts, metadata.topics)));
    return rounds.flat();
  }

  async #fetchFrom(node: number, parts: Array<{ tp: TopicPartition; offset: number }>, topics: Map<string, { id: string }>): Promise<ConsumedRecord[]> {
    const byTopic = new Map<string, typeof parts>();
    for (const p of parts) byTopic.set(p.tp.topic, [...(byTopic.get(p.tp.topic) ?? []), p]);
    const names = new Map([...byTopic.keys()].map((t) => [topics.get(t)!.id, t]));
    const response = await this.#client.fetch({
      node, maxWaitTime: this.#settings.maxWaitMs, maxBytes: this.#settings.maxBytes, minBytes: 1,
      topics: [...byTopic].map(([topic, ps]) => ({
        topicId: topics.get(topic)!.id,
        partitions: ps.map((p) => ({ partition: p.tp.partition, fetchOffset: BigInt(p.offset), partitionMaxBytes: this.#settings.partitionMaxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 })),
      })),
    });
    const out: ConsumedRecord[] = [];
    for (const t of response.responses) {
      const topic = names.get(t.topicId);
      if (topic === undefined) continue;
      for (const p of t.partitions) {
        const tp = { topic, partition: p.partitionIndex };
        const position = this.#positions.get(topicPartitionKey(tp));
        if (position === undefined) continue;
        if (p.errorCode === OFFSET_OUT_OF_RANGE) {
          position.offset = await this.onOutOfRange(tp);
          continue;
        }
        // The client's error table says whether the code is retriable (canRetry), as Kafka's does.
        if (p.errorCode !== 0) throw kafkaError(p.errorCode, `Fetch ${topicPartitionKey(tp)} failed with Kafka error code ${p.errorCode}`);
        for (const batch of p.records ?? []) {
          // Offsets and timestamps as numbers once per batch, not BigInt arithmetic per record.
          const firstOffset = Number(batch.firstOffset);
          const last = firstOffset + batch.lastOffsetDelta;
          if ((batch.attributes & CONTROL_BATCH) !== 0) {
            position.offset = Math.max(position.offset, last + 1);
            continue;
          }
          const logAppend = (batch.attributes & LOG_APPEND_TIME) !== 0;
          const timestampType = logAppend ? 'LOG_APPEND_TIME' : 'CREATE_TIME';
          const baseTimestamp = Number(logAppend ? batch.maxTimestamp : batch.firstTimestamp);
          for (const r of batch.records) {
            const offset = firstOffset + r.offsetDelta;
            if (offset < position.offset) continue;
            out.push({
              topic, partition: tp.partition, offset,
              timestamp: logAppend ? baseTimestamp : baseTimestamp + Number(r.timestampDelta),
              timestampType,
              key: r.key, value: r.value,
              headers: r.headers.length === 0 ? NO_HEADERS : r.headers.map(([k, v]) => [k === null ? '' : k.toString('utf8'), v] as const),
            });
            position.offset = offset + 1;
          }
          position.offset = Math.max(position.offset, last + 1);
        }
      }
    }
    return out;
  }
}
