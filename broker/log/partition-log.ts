// The durable log of one partition: Kafka's on-disk layout (see segment-files.ts), offsets
// assigned synchronously in call order, writes coalesced into one writev per segment, and group
// commit for acks=-1 (see group-commit.ts). Reads come from log-reader.ts; recovery from
// segment-recovery.ts. Decisions: docs/adr/20261123-partition-log.md.
import { mkdir, rename } from 'node:fs/promises';
import { KafkaError } from '../kafka-error.ts';
import { validateProduceBatch } from '../protocol/records/batch-validation.ts';
import { setBaseOffset, setLogAppendTime } from '../protocol/records/batch-rewrite.ts';
import { applyTopicCompression } from '../protocol/records/batch-recompression.ts';
import { readBatchHeader } from '../protocol/records/batch-header.ts';
import { repairMaxTimestamp } from '../protocol/records/max-timestamp.ts';
import type { LogConfig } from './log-config.ts';
import { silentEvents, type LogEvents } from './log-events.ts';
import { LogSegment } from './log-segment.ts';
import { ProducerStateManager, type BatchMetadata } from './producer-state.ts';
import { loadProducerState } from './producer-state-recovery.ts';
import { SnapshotWriter } from './producer-state-snapshot.ts';
import { GroupCommit } from './group-commit.ts';
import { loadSegments } from './segment-recovery.ts';
import { readLogStartOffset, writeLogStartOffset } from './log-start-offset.ts';
import { findMaxTimestamp, findOffsetByTimestamp, outOfRange, readBatches } from './log-reader.ts';
import { removeQuietly } from './segment-files.ts';
import { WriteQueue, type PendingWrite } from './write-queue.ts';
import { completeInterruptedSwaps } from './cleaner/swap-recovery.ts';

export type Acks = 0 | 1 | -1;
export type AppendOptions = { acks: Acks; origin?: 'client' | 'coordinator' };
export type AppendResult = { baseOffset: number; lastOffset: number; logAppendTime: number };
export type ReadResult = { records: Buffer[]; highWatermark: number; logStartOffset: number };
export type PartitionLogOptions = { producerIdExpirationMs?: number };

/** Longest delay Node's timers accept; flush.ms beyond it means "never" in practice. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class PartitionLog {
  readonly dir: string;
  private config: LogConfig;
  private readonly events: LogEvents;
  /**
   * Replaced, never spliced, when segments leave it (retention, DeleteRecords, cleaner swaps): a
   * read that took the array keeps a consistent view across its awaits. Appends only push.
   */
  private segments: LogSegment[];
  /** Rolled segments whose index files are still being written, and when that ends (see seal()). */
  private readonly sealing = new Map<LogSegment, Promise<void>>();
  /** Serializes changes to the segment list that await I/O (retention, DeleteRecords, swaps). */
  private maintenance: Promise<unknown> = Promise.resolve();
  private startOffset: number;
  /** Next offset to assign; ahead of `writtenOffset` while writes are queued. */
  private nextOffset: number;
  /** Offset after the last batch that reached the OS: the high watermark. */
  private writtenOffset: number;
  private readonly durability = new GroupCommit();
  private readonly writes: WriteQueue;
  private readonly listeners = new Set<() => void>();
  /** Idempotent producers: checked and updated in the same synchronous step as offset assignment. */
  private readonly producers: ProducerStateManager;
  private readonly snapshots: SnapshotWriter;
  private recordsSinceSync = 0;
  private flushTimer: ReturnType<typeof setInterval> | null = null;
  private readonly pendingDeletions = new Map<LogSegment, ReturnType<typeof setTimeout>>();
  private failure: KafkaError | null = null;
  private closed = false;

  private constructor(dir: string, config: LogConfig, events: LogEvents, segments: LogSegment[], startOffset: number, producers: ProducerStateManager) {
    this.dir = dir;
    this.producers = producers;
    this.snapshots = new SnapshotWriter(dir, events);
    this.config = config;
    this.events = events;
    this.segments = segments;
    const end = segments[segments.length - 1].nextOffset;
    this.startOffset = Math.min(Math.max(startOffset, segments[0].baseOffset), end);
    this.nextOffset = end;
    this.writtenOffset = end;
    this.writes = new WriteQueue({
      onWritten: (segment, group) => this.onWritten(segment, group),
      onFailure: (err) => this.fail(err),
    });
    this.scheduleFlushTimer();
  }

  /** The log's current settings (topic configs resolved). */
  get settings(): Readonly<LogConfig> {
    return this.config;
  }

  static async open(dir: string, config: LogConfig, events: LogEvents = silentEvents, options: PartitionLogOptions = {}): Promise<PartitionLog> {
    await mkdir(dir, { recursive: true });
    const checkpoint = await readLogStartOffset(dir);
    await completeInterruptedSwaps(dir, events);
    const segments = await loadSegments(dir, config, checkpoint ?? 0, events);
    const producers = await loadProducerState({
      dir, segments, events, logStartOffset: checkpoint ?? 0, logEndOffset: segments[segments.length - 1].nextOffset,
      producerIdExpirationMs: options.producerIdExpirationMs,
    });
    return new PartitionLog(dir, config, events, segments, checkpoint ?? 0, producers);
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  /** Offset after the last batch that reached the OS (what readers can see). */
  get logEndOffset(): number {
    return this.writtenOffset;
  }

  /** Single node, no replicas: the high watermark is the log end offset. */
  get highWatermark(): number {
    return this.writtenOffset;
  }

  /** Counters for tests and metrics: fsync calls, group-commit rounds, writev calls. */
  get stats(): { fsyncs: number; syncRounds: number; writes: number } {
    return { fsyncs: this.durability.fsyncs, syncRounds: this.durability.rounds, writes: this.writes.writeCalls };
  }

  /**
   * Validates and appends one batch (taking ownership of `batch`: its baseOffset and, for
   * LogAppendTime, timestamp fields are rewritten in place; a topic whose compression.type names
   * another codec stores a recompressed copy instead). Offsets are assigned before this
   * returns its promise, so appends are ordered by call order regardless of I/O timing.
   */
  append(batch: Buffer, opts: AppendOptions): Promise<AppendResult> {
    try {
      return this.enqueueAppend(batch, opts);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private enqueueAppend(received: Buffer, opts: AppendOptions): Promise<AppendResult> {
    if (this.failure !== null) throw this.failure;
    if (this.closed) throw new KafkaError('KAFKA_STORAGE_ERROR', `log ${this.dir} is closed`);
    let batch = received;
    let header = validateProduceBatch(batch, { maxMessageBytes: this.config.maxMessageBytes, allowControlBatches: opts.origin === 'coordinator' });
    // compression.type=producer (the default) stores the bytes as received: no decompression on
    // the hot path. Otherwise the batch may be rebuilt in the topic's codec, as Kafka does.
    if (this.config.compressionType !== 'producer') {
      batch = applyTopicCompression(batch, header, this.config.compressionType);
      if (batch !== received) {
        header = readBatchHeader(batch);
        // Kafka checks the rebuilt batch against max.message.bytes again (its size changed).
        if (batch.length > this.config.maxMessageBytes) {
          throw new KafkaError('MESSAGE_TOO_LARGE',
            `record batch of ${batch.length} bytes after recompression to ${this.config.compressionType} exceeds max.message.bytes ${this.config.maxMessageBytes}`);
        }
      }
    }
    if (batch.length > this.config.segmentBytes) {
      throw new KafkaError('RECORD_LIST_TOO_LARGE', `record batch of ${batch.length} bytes exceeds segment.bytes ${this.config.segmentBytes}`);
    }
    const duplicate = this.producers.check(header, opts.origin);
    if (duplicate !== null) return this.acknowledgeDuplicate(duplicate, opts.acks);
    const baseOffset = this.nextOffset;
    const lastOffset = baseOffset + header.lastOffsetDelta;
    setBaseOffset(batch, 0, baseOffset);
    let logAppendTime = -1;
    if (this.config.messageTimestampType === 'LogAppendTime') {
      logAppendTime = Date.now();
      setLogAppendTime(batch, 0, logAppendTime);
    }
    const maxTimestamp = logAppendTime >= 0 ? logAppendTime : repairMaxTimestamp(batch, header);
    let segment = this.activeSegment;
    if (segment.shouldRoll({ size: batch.length, maxTimestamp, lastOffset }, this.config, Date.now())) segment = this.roll();
    const position = segment.place({ baseOffset, lastOffset, maxTimestamp, size: batch.length }, this.config.indexIntervalBytes);
    this.nextOffset = lastOffset + 1;
    this.producers.update(header, baseOffset, lastOffset, maxTimestamp);
    const result: AppendResult = { baseOffset, lastOffset, logAppendTime };
    return new Promise<AppendResult>((resolve, reject) => {
      this.writes.enqueue({ segment, position, buffer: batch, lastOffset, records: header.recordsCount, acks: opts.acks, result, resolve, reject });
    });
  }

  async read(offset: number, maxBytes: number, minOneBatch: boolean): Promise<ReadResult> {
    const highWatermark = this.writtenOffset;
    const logStartOffset = this.startOffset;
    if (offset < logStartOffset || offset > highWatermark) throw outOfRange(offset, logStartOffset, highWatermark);
    const records = offset === highWatermark ? [] : await this.readCurrentSegments(offset, maxBytes, minOneBatch);
    return { records, highWatermark, logStartOffset };
  }

  /**
   * Reads from the segment list, again from the new list if retention or a cleaner swap replaced
   * it meanwhile: a segment retired during the read may have been closed under it (with a short
   * file.delete.delay.ms), and its bytes must never be served from whatever file now has its name.
   */
  private async readCurrentSegments(offset: number, maxBytes: number, minOneBatch: boolean): Promise<Buffer[]> {
    for (let attempt = 0; ; attempt++) {
      const segments = this.segments;
      try {
        const records = await readBatches(segments, offset, maxBytes, minOneBatch);
        if (segments === this.segments || attempt >= 3) return records;
      } catch (err) {
        if (segments === this.segments || attempt >= 3) throw err;
      }
    }
  }

  offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number } | null> {
    return findOffsetByTimestamp(this.segments, timestamp, this.startOffset);
  }

  maxTimestamp(): { offset: number; timestamp: number } {
    return findMaxTimestamp(this.segments);
  }

  /** DeleteRecords: moves the log start offset forward (persisted) and drops segments below it. */
  deleteRecordsBefore(offset: number): Promise<number> {
    return this.underMaintenance(async () => {
      if (offset > this.writtenOffset || offset < 0) throw outOfRange(offset, this.startOffset, this.writtenOffset);
      if (offset <= this.startOffset) return this.startOffset;
      this.startOffset = offset;
      await writeLogStartOffset(this.dir, offset);
      // A segment wholly below the start offset is one whose successor starts at or before it;
      // the active segment has no successor and always stays.
      let doomed = 0;
      while (doomed < this.segments.length - 1 && this.segments[doomed + 1].baseOffset <= offset) doomed++;
      const removed = this.segments.slice(0, doomed);
      this.segments = this.segments.slice(doomed);
      for (const segment of removed) await this.deleteSegmentLater(segment);
      return this.startOffset;
    });
  }

  // ---- Hooks for retention (retention.ts) and the log cleaner (cleaner/) ----

  get currentConfig(): LogConfig {
    return this.config;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The segments, oldest first; the last one is active. A snapshot: later changes replace the array. */
  segmentList(): readonly LogSegment[] {
    return this.segments;
  }

  /** True once every byte assigned to the segment was written and, if rolled, its indexes were sealed. */
  isSettled(segment: LogSegment): boolean {
    return segment.size === segment.reservedSize && !this.sealing.has(segment);
  }

  /** Runs `task` with no other retention, DeleteRecords or swap changing the segment list meanwhile. */
  underMaintenance<T>(task: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(task, task);
    this.maintenance = run.catch(() => undefined);
    return run;
  }

  /**
   * Retention: drops the `count` oldest segments and moves the log start offset (persisted) to the
   * first one left. Deleting every segment rolls the active one first (Kafka does the same), so a
   * log always keeps an active segment and its end offset. Call under underMaintenance().
   */
  async deleteOldestSegments(count: number): Promise<void> {
    if (count <= 0 || this.closed) return;
    if (count >= this.segments.length) {
      if (this.activeSegment.reservedSize === 0) count = this.segments.length - 1;
      else this.roll();
    }
    const removed = this.segments.slice(0, count);
    this.segments = this.segments.slice(count);
    const newStart = this.segments[0].baseOffset;
    if (newStart > this.startOffset) {
      this.startOffset = newStart;
      await writeLogStartOffset(this.dir, newStart);
    }
    // A segment still being sealed would get its index files written after the rename below.
    for (const segment of removed) await this.sealing.get(segment);
    for (const segment of removed) await this.deleteSegmentLater(segment);
  }

  /**
   * Cleaner swap: puts `replacement` where the contiguous run `old` is, and renames the old
   * segments' files `.deleted` (removed after file.delete.delay.ms). Returns false, changing
   * nothing, if `old` is no longer in the log (retention or DeleteRecords got there first).
   * Call under underMaintenance().
   */
  async replaceSegments(old: readonly LogSegment[], replacement: LogSegment): Promise<boolean> {
    const at = this.segments.indexOf(old[0]);
    if (this.closed || at < 0 || at + old.length >= this.segments.length) return false;
    if (old.some((segment, i) => this.segments[at + i] !== segment)) return false;
    this.segments = [...this.segments.slice(0, at), replacement, ...this.segments.slice(at + old.length)];
    for (const segment of old) await this.deleteSegmentLater(segment);
    return true;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
    this.scheduleFlushTimer();
  }

  /** Resolves once everything appended before the call is on stable storage. */
  async flush(): Promise<void> {
    await this.writes.drained();
    if (this.failure !== null) throw this.failure;
    await this.durability.sync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer !== null) clearInterval(this.flushTimer);
    await this.writes.drained();
    if (this.failure === null) await this.durability.sync();
    await this.durability.idle();
    const active = this.activeSegment;
    active.sealTimeIndex();
    if (this.failure === null) await active.writeIndexes();
    if (this.failure === null) this.snapshotProducers(this.nextOffset);
    await this.snapshots.idle();
    for (const segment of this.segments) await segment.close();
    for (const [segment, timer] of this.pendingDeletions) {
      clearTimeout(timer);
      await this.removeSegmentFiles(segment);
    }
    this.pendingDeletions.clear();
  }

  /** Closes the log and removes its directory. */
  async delete(): Promise<void> {
    await this.close();
    await removeQuietly(this.dir);
  }

  /**
   * A retry of a batch the log already holds gets the original offsets, but only once the
   * original is as safe as this request's acks ask: a duplicate must never acknowledge bytes a
   * crash could still lose (Kafka, too, answers it only once the high watermark passed it).
   */
  private async acknowledgeDuplicate(original: BatchMetadata, acks: Acks): Promise<AppendResult> {
    const logAppendTime = this.config.messageTimestampType === 'LogAppendTime' ? original.timestamp : -1;
    const result: AppendResult = { baseOffset: original.firstOffset, lastOffset: original.lastOffset, logAppendTime };
    if (acks === 0) return result;
    await this.writtenPast(original.lastOffset);
    if (acks === -1) await this.durability.sync().catch((err: unknown) => { throw storageError(err); });
    return result;
  }

  /** Resolves once `offset` reached the OS; rejects if the log fails first. */
  private writtenPast(offset: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => {
        if (this.writtenOffset > offset) resolve();
        else if (this.failure !== null) reject(this.failure);
        else return;
        stop();
      };
      const stop = this.onAppend(settle);
      settle();
      // A failed write queue stops calling onAppend; it still reports going idle.
      void this.writes.drained().then(settle);
    });
  }

  /** Snapshot of the producer state at `offset` (it covers every batch below it), written in the background. */
  private snapshotProducers(offset: number): void {
    this.producers.removeExpired(Date.now(), this.startOffset);
    void this.snapshots.write(offset, this.producers.entries());
  }

  private get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  /**
   * Starts a new segment at the next offset. Synchronous so offset assignment never waits: the
   * file is created now, and writes to the segment wait for it in the write queue.
   */
  private roll(): LogSegment {
    const previous = this.activeSegment;
    const next = LogSegment.createLater(this.dir, this.nextOffset, this.config);
    this.segments.push(next);
    // The state now covers exactly the offsets below the new segment: Kafka snapshots here too.
    this.snapshotProducers(next.baseOffset);
    let sealed = (): void => {};
    this.sealing.set(previous, new Promise<void>((resolve) => (sealed = resolve)));
    this.writes.afterSegmentWritten(previous, () => this.seal(previous).finally(sealed));
    return next;
  }

  /** An inactive segment gets its final time-index entry, its index files and an fsync. */
  private async seal(segment: LogSegment): Promise<void> {
    segment.sealTimeIndex();
    await segment.writeIndexes();
    await segment.datasync();
    this.durability.forget(segment);
    this.sealing.delete(segment);
  }

  private onWritten(segment: LogSegment, group: PendingWrite[]): void {
    this.durability.markDirty(segment);
    this.writtenOffset = group[group.length - 1].lastOffset + 1;
    for (const write of group) {
      this.recordsSinceSync += write.records;
      if (write.acks !== -1) write.resolve(write.result);
      else this.durability.sync().then(() => write.resolve(write.result), (err: unknown) => write.reject(storageError(err)));
    }
    if (this.recordsSinceSync >= this.config.flushMessages) this.backgroundSync();
    for (const listener of this.listeners) listener();
  }

  private backgroundSync(): void {
    this.recordsSinceSync = 0;
    this.durability.sync().catch((err: unknown) => this.fail(err));
  }

  private scheduleFlushTimer(): void {
    if (this.flushTimer !== null) clearInterval(this.flushTimer);
    this.flushTimer = null;
    if (!Number.isFinite(this.config.flushMs)) return;
    const period = Math.max(1, Math.min(this.config.flushMs, MAX_TIMER_MS));
    this.flushTimer = setInterval(() => {
      if (this.durability.hasDirtyData && Date.now() - this.durability.lastSyncAt >= this.config.flushMs) this.backgroundSync();
    }, period);
    this.flushTimer.unref();
  }

  /** Kafka's delete: rename to `.deleted` now, remove after file.delete.delay.ms (in-flight reads). */
  private async deleteSegmentLater(segment: LogSegment): Promise<void> {
    this.durability.forget(segment);
    const paths = segment.paths;
    for (const path of [paths.log, paths.index, paths.timeIndex]) await rename(path, `${path}.deleted`).catch(ignoreMissing);
    const timer = setTimeout(() => {
      this.pendingDeletions.delete(segment);
      this.removeSegmentFiles(segment).catch((err: unknown) => this.events.warn({ err, segment: paths.log }, 'could not remove deleted segment'));
    }, Math.min(this.config.fileDeleteDelayMs, MAX_TIMER_MS));
    timer.unref();
    this.pendingDeletions.set(segment, timer);
  }

  private async removeSegmentFiles(segment: LogSegment): Promise<void> {
    await segment.close();
    const paths = segment.paths;
    for (const path of [paths.log, paths.index, paths.timeIndex]) await removeQuietly(`${path}.deleted`);
  }

  /** A failed write leaves assigned offsets without data: the log goes offline, as Kafka's does. */
  private fail(err: unknown): void {
    if (this.failure !== null) return;
    this.failure = storageError(err);
    this.events.error({ err, dir: this.dir }, 'partition log failed; it refuses further appends');
  }
}

function storageError(err: unknown): KafkaError {
  if (err instanceof KafkaError) return err;
  return new KafkaError('KAFKA_STORAGE_ERROR', `log I/O failed: ${(err as Error).message}`, { cause: err });
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
