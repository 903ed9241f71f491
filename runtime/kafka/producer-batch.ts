// The producer's batches: records gathered as parallel arrays, grouped per partition for the
// Produce request, and each record's offset worked out from its partition's base offset in the answer.
import type { ProduceResponse } from './produce-request.ts';
import type { DeliveryListener, ProducerRecord } from './producer.ts';

/**
 * Records produced and not yet reported, as parallel arrays rather than one object per record:
 * up to ~5000 records wait here or in flight for each source task, and every object that lives
 * that long is copied by each young-generation GC (timestamps stay unboxed in a double array).
 */
export class Batch {
  records: ProducerRecord[];
  timestamps: number[];
  listeners: Array<DeliveryListener<any>>;
  tokens: unknown[];
  /** When the oldest record was added (epoch ms): delivery.timeout.ms counts from here. */
  createdAt = 0;

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
    if (this.records.length === 0) this.createdAt = Date.now();
    this.records.push(record);
    this.timestamps.push(timestamp);
    this.listeners.push(listener);
    this.tokens.push(token);
  }

  /** Moves the first `n` records to a new batch. */
  take(n: number): Batch {
    // The records left keep the oldest one's createdAt: they may expire a little early, never late.
    if (n < this.records.length) {
      const taken = new Batch(this.records.splice(0, n), this.timestamps.splice(0, n), this.listeners.splice(0, n), this.tokens.splice(0, n));
      taken.createdAt = this.createdAt;
      return taken;
    }
    const taken = new Batch(this.records, this.timestamps, this.listeners, this.tokens);
    taken.createdAt = this.createdAt;
    this.records = [];
    this.timestamps = [];
    this.listeners = [];
    this.tokens = [];
    return taken;
  }
}

export function topicsOf(records: ProducerRecord[]): string[] {
  const topics: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const topic = records[i].topic;
    if ((i === 0 || topic !== records[i - 1].topic) && !topics.includes(topic)) topics.push(topic);
  }
  return topics;
}

/** One partition's records of a batch (indexes into it, in order) and, once Kafka has them, where they start. */
export interface PartitionGroup {
  readonly topic: string;
  readonly partition: number;
  readonly indexes: number[];
  /** The offset Kafka gave the first record (-1 when unknown: acks=0); null until delivered. */
  baseOffset: number | null;
}

/** The batch's records per partition; the groups of a topic are consecutive (one topic entry per Produce request). */
export function groupByPartition(records: readonly ProducerRecord[], partitions: readonly number[]): PartitionGroup[] {
  const byTopic = new Map<string, PartitionGroup[]>();
  let topic = '';
  let groups: PartitionGroup[] = [];
  for (let i = 0; i < records.length; i++) {
    if (i === 0 || records[i].topic !== topic) {
      topic = records[i].topic;
      groups = byTopic.get(topic) ?? [];
      byTopic.set(topic, groups);
    }
    const partition = partitions[i];
    if (partition < 0) continue; // not sent: the producer fails it alone
    let group = groups.length === 1 && groups[0].partition === partition ? groups[0] : groups.find((g) => g.partition === partition);
    if (group === undefined) groups.push(group = { topic, partition, indexes: [], baseOffset: null });
    group.indexes.push(i);
  }
  return [...byTopic.values()].flat();
}

/** Each record's offset: its group's base offset plus its index in the group (-1 if unknown). */
export function recordOffsets(count: number, groups: readonly PartitionGroup[]): number[] {
  const offsets = new Array<number>(count);
  for (const { indexes, baseOffset } of groups) {
    for (let j = 0; j < indexes.length; j++) offsets[indexes[j]] = baseOffset === null || baseOffset < 0 ? -1 : baseOffset + j;
  }
  return offsets;
}

/**
 * Sets the base offset of each group the answer reports written (error code 0); -1 for all when
 * there is no answer (acks=0). A group the answer leaves out stays null: not delivered.
 */
export function recordBaseOffsets(groups: readonly PartitionGroup[], response: ProduceResponse | null): void {
  if (response === null) {
    for (const group of groups) group.baseOffset = -1;
    return;
  }
  for (const { name, partitionResponses } of response.responses) {
    for (const { index, errorCode, baseOffset } of partitionResponses) {
      if (errorCode !== 0) continue;
      const group = groups.find((g) => g.topic === name && g.partition === index);
      if (group !== undefined) group.baseOffset = Number(baseOffset);
    }
  }
}
