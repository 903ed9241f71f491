// Idempotent-producer state of one partition (KIP-98): per producer id, its epoch and the offsets
// and sequence ranges of its last five batches — five because a producer keeps at most five
// requests in flight (max.in.flight.requests.per.connection), so any retry it can send names one
// of them. PartitionLog calls check() and then update() in the same synchronous step as offset
// assignment: a pipelined request is validated against the state its predecessors left, in
// order, and no other append can slip in between the check and the update.
//
// Rules, as Kafka's ProducerAppendInfo applies them to appends from clients:
// - a batch equal (same epoch, same first and last sequence) to a cached one is a retry: the log
//   must not take it again, and its producer gets the original offsets;
// - an epoch below the producer's current one is a zombie: INVALID_PRODUCER_EPOCH;
// - a newer epoch (InitProducerId bump, KIP-360) must restart at sequence 0;
// - within an epoch each batch must start right after the previous one (wrapping at Int32 max);
// - a producer with no state at all (new, or forgotten after producer.id.expiration.ms) may start
//   at any sequence, as Kafka accepts since 2.5: its earlier batches are gone, nothing to compare.
import { KafkaError } from '../kafka-error.ts';
import { isControlBatch, isTransactional, type RecordBatchHeader } from '../protocol/records/batch-header.ts';
import { inSequence, incrementSequence, NO_SEQUENCE } from './producer-state-sequence.ts';

/** Kafka keeps the metadata of this many batches per producer (ProducerStateEntry.NUM_BATCHES_TO_RETAIN). */
export const BATCHES_KEPT = 5;
/** Kafka's default producer.id.expiration.ms: one day. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000;

export type BatchMetadata = {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  /** The batch's max timestamp (the append time on LogAppendTime topics). */
  timestamp: number;
};

export type ProducerEntry = {
  producerId: number;
  epoch: number;
  /** Oldest first, at most BATCHES_KEPT, all written with `epoch` (a new epoch clears them). */
  batches: BatchMetadata[];
  /** Last offset of the producer's latest batch, data or control: retention compares it to the log start. */
  lastOffset: number;
  /** Max timestamp of the latest batch: producer.id.expiration.ms counts from it, as in Kafka. */
  lastTimestamp: number;
  /**
   * First offset of the producer's open transaction, null when none. Kept now so the last stable
   * offset can be derived from it (the minimum over producers) once transactions land.
   */
  currentTxnFirstOffset: number | null;
  /** Epoch of the transaction coordinator that wrote the latest marker (-1: none yet). */
  coordinatorEpoch: number;
};

/** The header fields the producer state reads. */
export type ProducerBatch = Pick<RecordBatchHeader, 'producerId' | 'producerEpoch' | 'baseSequence' | 'lastOffsetDelta' | 'attributes'>;

export type AppendOrigin = 'client' | 'coordinator';

export class ProducerStateManager {
  readonly producerIdExpirationMs: number;
  private readonly producers = new Map<number, ProducerEntry>();

  constructor(options: { producerIdExpirationMs?: number; entries?: Iterable<ProducerEntry> } = {}) {
    this.producerIdExpirationMs = options.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS;
    for (const entry of options.entries ?? []) this.producers.set(entry.producerId, entry);
  }

  get size(): number {
    return this.producers.size;
  }

  entry(producerId: number): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  entries(): IterableIterator<ProducerEntry> {
    return this.producers.values();
  }

  /**
   * Validates a batch about to be appended. Returns the cached batch it duplicates (the caller
   * acknowledges that one instead of appending), or null when it must be appended. Throws the
   * KafkaError the producer must see. Batches without a producer id pass untouched.
   */
  check(batch: ProducerBatch, origin: AppendOrigin = 'client'): BatchMetadata | null {
    if (batch.producerId < 0) return null;
    const entry = this.producers.get(batch.producerId);
    const control = isControlBatch(batch.attributes);
    if (origin === 'client' && !control) {
      if (batch.baseSequence < 0) {
        throw new KafkaError('INVALID_RECORD', `batch of producer ${batch.producerId} carries producer id but sequence ${batch.baseSequence}`);
      }
      const duplicate = entry === undefined ? undefined : findDuplicate(entry, batch);
      if (duplicate !== undefined) return duplicate;
    }
    if (entry !== undefined && batch.producerEpoch < entry.epoch) {
      throw new KafkaError('INVALID_PRODUCER_EPOCH',
        `producer ${batch.producerId} wrote with epoch ${batch.producerEpoch}, older than its current epoch ${entry.epoch}`);
    }
    // Markers from the coordinator carry no sequence; only the epoch is checked for them.
    if (origin === 'client' && !control && entry !== undefined) checkSequence(entry, batch);
    return null;
  }

  /** Records a batch at the offsets the log assigned it (after check(), or when replaying the log). */
  update(batch: ProducerBatch, firstOffset: number, lastOffset: number, timestamp: number): void {
    if (batch.producerId < 0) return;
    let entry = this.producers.get(batch.producerId);
    if (entry === undefined) {
      entry = { producerId: batch.producerId, epoch: batch.producerEpoch, batches: [], lastOffset, lastTimestamp: timestamp, currentTxnFirstOffset: null, coordinatorEpoch: -1 };
      this.producers.set(batch.producerId, entry);
    }
    if (batch.producerEpoch !== entry.epoch) {
      // Sequences restart with every epoch, so batches of an older epoch can never be retried.
      entry.epoch = batch.producerEpoch;
      entry.batches = [];
    }
    entry.lastOffset = lastOffset;
    entry.lastTimestamp = timestamp;
    if (isControlBatch(batch.attributes)) {
      // A commit or abort marker closes the producer's transaction.
      entry.currentTxnFirstOffset = null;
      return;
    }
    if (batch.baseSequence >= 0) {
      entry.batches.push({ firstSeq: batch.baseSequence, lastSeq: lastSequenceOf(batch), firstOffset, lastOffset, timestamp });
      if (entry.batches.length > BATCHES_KEPT) entry.batches.shift();
    }
    if (isTransactional(batch.attributes) && entry.currentTxnFirstOffset === null) entry.currentTxnFirstOffset = firstOffset;
  }

  /** Replays a batch read back from the log (recovery): no validation, the log is the truth. */
  replay(header: RecordBatchHeader): void {
    this.update(header, header.baseOffset, header.baseOffset + header.lastOffsetDelta, header.maxTimestamp);
  }

  /**
   * Forgets producers that are idle for producer.id.expiration.ms and whose last batch left the
   * log (below `logStartOffset`). Their state outlives retention on purpose (KIP-360): a producer
   * that is merely quiet keeps its dedup window; only one gone for the whole expiration is dropped.
   * A producer with an open transaction is never dropped: the last stable offset depends on it.
   */
  removeExpired(now: number, logStartOffset: number): number {
    let removed = 0;
    for (const [id, entry] of this.producers) {
      const idle = now - entry.lastTimestamp >= this.producerIdExpirationMs;
      if (idle && entry.lastOffset < logStartOffset && entry.currentTxnFirstOffset === null) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }
}

export function lastSequenceOf(batch: Pick<ProducerBatch, 'baseSequence' | 'lastOffsetDelta'>): number {
  return incrementSequence(batch.baseSequence, batch.lastOffsetDelta);
}

function findDuplicate(entry: ProducerEntry, batch: ProducerBatch): BatchMetadata | undefined {
  if (batch.producerEpoch !== entry.epoch) return undefined;
  const lastSeq = lastSequenceOf(batch);
  return entry.batches.find((b) => b.firstSeq === batch.baseSequence && b.lastSeq === lastSeq);
}

function checkSequence(entry: ProducerEntry, batch: ProducerBatch): void {
  if (batch.producerEpoch !== entry.epoch) {
    if (batch.baseSequence !== 0) {
      throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER',
        `producer ${batch.producerId} started epoch ${batch.producerEpoch} at sequence ${batch.baseSequence}; a new epoch starts at 0`);
    }
    return;
  }
  const lastSeq = entry.batches.length > 0 ? entry.batches[entry.batches.length - 1].lastSeq : NO_SEQUENCE;
  if (!inSequence(lastSeq, batch.baseSequence)) {
    throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER',
      `producer ${batch.producerId} (epoch ${batch.producerEpoch}) sent sequence ${batch.baseSequence} after ${lastSeq}`);
  }
}
