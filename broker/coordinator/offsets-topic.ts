// The internal compacted topic __consumer_offsets: where each group's records live, how they are
// appended (acks=-1: a commit is acknowledged only once durable), and how they are read back on
// start. Created on first use, as Kafka does, with offsets.topic.num.partitions partitions.
import type { LogManager } from '../log/log-manager.ts';
import { BATCH_HEADER_SIZE, batchSize, CONTROL_MASK, readBatchHeader } from '../protocol/records/batch-header.ts';
import { decodeBatch, encodeBatch } from '../protocol/records/record-codec.ts';
import { decodeOffsetsRecord, type EncodedRecord, type OffsetsRecord } from './offsets-records.ts';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** Kafka's offsets.topic.segment.bytes default: smaller segments let compaction reclaim space sooner. */
const SEGMENT_BYTES = String(100 * 1024 * 1024);
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/** Java's String.hashCode over UTF-16 code units, as Kafka hashes group ids. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's Utils.abs(groupId.hashCode) % partitions (Utils.abs maps Integer.MIN_VALUE to 0). */
export function offsetsPartitionFor(groupId: string, partitions: number): number {
  const h = javaStringHashCode(groupId);
  return (h === -2147483648 ? 0 : Math.abs(h)) % partitions;
}

export class OffsetsTopic {
  readonly #logs: LogManager;
  readonly #configuredPartitions: number;
  #creating: Promise<void> | null = null;

  constructor(logs: LogManager, configuredPartitions: number) {
    this.#logs = logs;
    this.#configuredPartitions = configuredPartitions;
  }

  /** The partition count in use: the existing topic's, else the configured one. */
  get partitions(): number {
    return this.#logs.topic(OFFSETS_TOPIC)?.partitions ?? this.#configuredPartitions;
  }

  partitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.partitions);
  }

  /** Appends the group's records as one batch and resolves once it is fsync'd; returns the batch's base offset. */
  async append(groupId: string, records: EncodedRecord[], now: number): Promise<number> {
    await this.#ensureTopic();
    const log = this.#logs.partition(OFFSETS_TOPIC, this.partitionFor(groupId));
    if (!log) throw new Error(`${OFFSETS_TOPIC} has no partition ${this.partitionFor(groupId)}`);
    const batch = encodeBatch(records.map((r) => ({ key: r.key, value: r.value, timestamp: now })));
    const result = await log.append(batch, { acks: -1, origin: 'coordinator' });
    return result.baseOffset;
  }

  /** Every classic-coordinator record in the topic, partition by partition, in log order. */
  async *readAll(): AsyncGenerator<OffsetsRecord> {
    const topic = this.#logs.topic(OFFSETS_TOPIC);
    if (!topic) return;
    for (let p = 0; p < topic.partitions; p++) {
      const log = this.#logs.partition(OFFSETS_TOPIC, p);
      if (!log) continue;
      let offset = log.logStartOffset;
      while (offset < log.highWatermark) {
        const { records } = await log.read(offset, READ_CHUNK_BYTES, true);
        if (records.length === 0) break;
        for (const chunk of records) {
          for (const batch of splitBatches(chunk)) {
            const header = readBatchHeader(batch);
            offset = header.baseOffset + header.lastOffsetDelta + 1;
            // Control batches (transaction markers) carry no coordinator state.
            if ((header.attributes & CONTROL_MASK) !== 0) continue;
            for (const record of decodeBatch(batch).records) {
              if (record.key === null) continue;
              const decoded = decodeOffsetsRecord(record.key, record.value);
              if (decoded) yield decoded;
            }
          }
        }
      }
    }
  }

  #ensureTopic(): Promise<void> {
    if (this.#logs.topic(OFFSETS_TOPIC)) return Promise.resolve();
    // Concurrent first commits share one creation.
    // compression.type=producer as Kafka's GroupCoordinator sets it: a broker-wide default codec
    // must not make every offset commit pay for a recompression.
    this.#creating ??= this.#logs.createTopic(OFFSETS_TOPIC, this.#configuredPartitions, {
      'cleanup.policy': 'compact', 'segment.bytes': SEGMENT_BYTES, 'compression.type': 'producer',
    }).then(() => undefined).finally(() => { this.#creating = null; });
    return this.#creating;
  }
}

/** A read chunk holds whole batches back to back; a trailing partial batch is left for the next read. */
function splitBatches(chunk: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (chunk.length - at >= BATCH_HEADER_SIZE) {
    const size = batchSize(readBatchHeader(chunk, at));
    if (at + size > chunk.length) break;
    out.push(chunk.subarray(at, at + size));
    at += size;
  }
  return out;
}
