// Which source offsets may be committed (Kafka's SubmittedRecords). Records are tracked per
// source partition in the order the task returned them; a partition's committable offset is the
// offset of the last record of its acknowledged prefix — never past the first record Kafka has
// not acknowledged yet. This is where "an offset is committed only after the data it covers is
// durable downstream" is enforced for source tasks.
import type { SourceOffset, SourcePartition } from '../data/source-record.ts';
import { encodeInternal } from '../storage/internal-json.ts';
import { isPlainObject } from '../data/plain-object.ts';

export interface SubmittedRecord {
  readonly partition: SourcePartition | null;
  readonly offset: SourceOffset | null;
  acked: boolean;
}

export interface CommittableOffsets {
  readonly offsets: Map<string, { partition: SourcePartition; offset: SourceOffset }>;
  /** Records whose offsets these are (for metrics/logs). */
  readonly count: number;
}

/** A partition's records in submission order; `head` is the first not yet taken by committable(). */
interface PartitionQueue {
  records: SubmittedRecord[];
  head: number;
}

/** Taken records are dropped from the array once they are this many and half of it. */
const COMPACT_AFTER = 1024;

export class SubmittedRecords {
  readonly #byPartition = new Map<string, PartitionQueue>();
  #pending = 0;
  readonly #keys = new LastPartitionKey();

  /** Tracks a record about to be sent; ack() it once Kafka acknowledged it (or it was dropped). */
  submit(partition: SourcePartition | null, offset: SourceOffset | null): SubmittedRecord | null {
    const record: SubmittedRecord = { partition, offset, acked: false };
    return this.track(record) ? record : null;
  }

  /**
   * Tracks `record` (unacknowledged) — the caller's own object, so that a record in flight costs
   * one object, not two. A record without a source partition or offset has nothing to commit: it
   * is marked acknowledged at once (ack() is then a no-op) and false is returned.
   */
  track(record: SubmittedRecord): boolean {
    const { partition } = record;
    if (partition === null || record.offset === null) {
      record.acked = true;
      return false;
    }
    record.acked = false;
    const key = this.#keys.keyOf(partition);
    let queue = this.#byPartition.get(key);
    if (queue === undefined) this.#byPartition.set(key, queue = { records: [], head: 0 });
    queue.records.push(record);
    this.#pending++;
    return true;
  }

  ack(record: SubmittedRecord | null): void {
    if (record === null || record.acked) return;
    record.acked = true;
    this.#pending--;
  }

  /** Records submitted and not acknowledged. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Removes and returns, per partition, the latest offset of the acknowledged prefix. Cheap enough
   * to call before every poll (as Kafka's worker does), which keeps acknowledged records from
   * piling up between offset flushes.
   */
  committable(): CommittableOffsets {
    const offsets = new Map<string, { partition: SourcePartition; offset: SourceOffset }>();
    let count = 0;
    for (const [key, queue] of this.#byPartition) {
      const { records } = queue;
      let n = queue.head;
      while (n < records.length && records[n].acked) n++;
      if (n === queue.head) continue;
      const last = records[n - 1];
      // Only tracked records (partition and offset set) are queued.
      offsets.set(key, { partition: last.partition!, offset: last.offset! });
      count += n - queue.head;
      if (n === records.length) {
        this.#byPartition.delete(key);
      } else if (n >= COMPACT_AFTER && n * 2 >= records.length) {
        queue.records = records.slice(n);
        queue.head = 0;
      } else {
        records.fill(undefined as unknown as SubmittedRecord, queue.head, n); // let taken records be collected
        queue.head = n;
      }
    }
    return { offsets, count };
  }
}

/**
 * The key of the previous record's partition, reused while the partitions stay the same: the
 * same object, or — as many tasks build a new partition object per record — a plain object with
 * the same keys in the same order holding the same primitive values, compared with a copy taken
 * when the key was computed (so a partition object changed afterwards is not mistaken for it).
 * Such a partition gets the key partitionKey() would compute, without building a string per record.
 */
class LastPartitionKey {
  #partition: SourcePartition | null = null;
  #key = '';
  /** The keys and values of the partition #key was computed from; null when it held an object (compared by identity only). */
  #names: string[] | null = null;
  #values: unknown[] = [];

  keyOf(partition: SourcePartition): string {
    if (partition !== this.#partition) {
      if (!this.#sameContent(partition)) {
        this.#key = partitionKey(partition);
        this.#remember(partition);
      }
      this.#partition = partition;
    }
    return this.#key;
  }

  #sameContent(partition: SourcePartition): boolean {
    const names = this.#names;
    if (names === null || !isPlainObject(partition)) return false;
    const values = this.#values;
    let i = 0;
    for (const name in partition) {
      if (i === names.length || name !== names[i] || partition[name] !== values[i]) return false;
      i++;
    }
    return i === names.length;
  }

  #remember(partition: SourcePartition): void {
    const names: string[] = [];
    const values: unknown[] = [];
    this.#names = isPlainObject(partition) ? names : null;
    for (const name in partition) {
      const value = partition[name];
      if (typeof value === 'object' && value !== null || typeof value === 'function') this.#names = null;
      names.push(name);
      values.push(value);
    }
    this.#values = values;
  }
}

/**
 * Equal partitions (by content) get equal keys. A flat object of strings, safe integers,
 * booleans and nulls — nearly every source partition — is keyed by JSON.stringify, which is much
 * cheaper per record; anything else by the internal-topic encoding, which also handles bigints
 * and nested data. Both write the same JSON text for the flat case, so the two cannot disagree.
 */
export function partitionKey(partition: SourcePartition): string {
  for (const k in partition) {
    const v = partition[k];
    if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !Number.isSafeInteger(v)) {
      return encodeInternal(partition).toString('utf8');
    }
  }
  return JSON.stringify(partition);
}
