// Which source offsets may be committed (Kafka's SubmittedRecords). Records are tracked per
// source partition in the order the task returned them; a partition's committable offset is the
// offset of the last record of its acknowledged prefix — never past the first record Kafka has
// not acknowledged yet. This is where "an offset is committed only after the data it covers is
// durable downstream" is enforced for source tasks.
import type { SourceOffset, SourcePartition } from '../data/source-record.ts';
import { encodeInternal } from '../storage/internal-json.ts';

export interface SubmittedRecord {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset;
  acked: boolean;
}

export interface CommittableOffsets {
  readonly offsets: Map<string, { partition: SourcePartition; offset: SourceOffset }>;
  /** Records whose offsets these are (for metrics/logs). */
  readonly count: number;
}

export class SubmittedRecords {
  readonly #byPartition = new Map<string, SubmittedRecord[]>();
  #pending = 0;
  /** Tasks usually hand the same partition object to many records: its key is computed once. */
  #lastPartition: SourcePartition | null = null;
  #lastKey = '';

  /** Tracks a record about to be sent; ack() it once Kafka acknowledged it (or it was dropped). */
  submit(partition: SourcePartition | null, offset: SourceOffset | null): SubmittedRecord | null {
    if (partition === null || offset === null) return null;
    if (partition !== this.#lastPartition) {
      this.#lastKey = partitionKey(partition);
      this.#lastPartition = partition;
    }
    const key = this.#lastKey;
    const record: SubmittedRecord = { partition, offset, acked: false };
    let queue = this.#byPartition.get(key);
    if (queue === undefined) this.#byPartition.set(key, queue = []);
    queue.push(record);
    this.#pending++;
    return record;
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

  /** Removes and returns, per partition, the latest offset of the acknowledged prefix. */
  committable(): CommittableOffsets {
    const offsets = new Map<string, { partition: SourcePartition; offset: SourceOffset }>();
    let count = 0;
    for (const [key, queue] of this.#byPartition) {
      let n = 0;
      while (n < queue.length && queue[n].acked) n++;
      if (n === 0) continue;
      const last = queue[n - 1];
      offsets.set(key, { partition: last.partition, offset: last.offset });
      count += n;
      queue.splice(0, n);
      if (queue.length === 0) this.#byPartition.delete(key);
    }
    return { offsets, count };
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
