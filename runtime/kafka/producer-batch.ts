// The producer's batches and their conversion: records gathered as parallel arrays, turned into
// the client library's messages, and each record's offset worked out from the partitions' base
// offsets in the Produce answer.
import type { MessageToProduce } from '@platformatic/kafka';
import type { DeliveryListener, ProducerRecord } from './producer.ts';

/**
 * Records produced and not yet reported, as parallel arrays rather than one object per record:
 * up to ~10000 records wait here or in flight for each source task, and every object that lives
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

export function toMessages(batch: Batch, partitions: number[]): Array<MessageToProduce<Buffer, Buffer, Buffer, Buffer>> {
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
export function recordOffsets(batch: ProducerRecord[], partitions: number[], bases: ReadonlyArray<{ topic: string; partition: number; offset: bigint }>): number[] {
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
