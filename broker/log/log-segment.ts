// One segment: a `.log` file of concatenated batches plus its in-memory offset and time indexes.
//
// Two sizes are tracked. `reservedSize` grows synchronously when an append is assigned its offsets
// and file position; `size` grows only once those bytes reached the OS. Readers never look past
// `size`, so a batch becomes visible exactly when its write completed.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { closeSync, openSync, readSync } from 'node:fs';
import type { LogConfig } from './log-config.ts';
import { OffsetIndex, OFFSET_INDEX_ENTRY_SIZE } from './offset-index.ts';
import { TimeIndex, TIME_INDEX_ENTRY_SIZE } from './time-index.ts';
import { readAt, scanBatchHeaders, segmentPaths, writeAllAt, writeFileAtomically, type ScannedBatch } from './segment-files.ts';

export type BatchPlacement = { baseOffset: number; lastOffset: number; maxTimestamp: number; size: number };

export class LogSegment {
  readonly baseOffset: number;
  readonly paths: ReturnType<typeof segmentPaths>;
  readonly offsetIndex: OffsetIndex;
  timeIndex: TimeIndex;
  /** Bytes that reached the OS: the readable extent. */
  size: number;
  /** Bytes assigned to appends, written or not. */
  reservedSize: number;
  /** Offset after the last batch assigned to this segment. */
  nextOffset: number;
  maxTimestamp = -1;
  /** Last offset of the batch holding maxTimestamp (Kafka's "shallow" offset). */
  offsetOfMaxTimestamp = -1;
  /** Max timestamp of the first batch: segment.ms counts from it, as in Kafka. */
  firstBatchTimestamp: number | null = null;
  readonly createdAt: number;
  /** Random part of segment.jitter.ms drawn once per segment so partitions do not roll together. */
  readonly rollJitterMs: number;
  private bytesSinceLastIndexEntry = 0;
  private handle: FileHandle | null;
  private opening: Promise<FileHandle> | null = null;
  /** Where the batch starting at `offset` lies: lets a sequential consumer skip the index scan. */
  private readHint = { offset: -1, position: -1 };

  constructor(dir: string, baseOffset: number, config: LogConfig, handle: FileHandle | null, size: number, indexes?: { offsetIndex: OffsetIndex; timeIndex: TimeIndex }) {
    this.baseOffset = baseOffset;
    this.paths = segmentPaths(dir, baseOffset);
    this.handle = handle;
    this.size = size;
    this.reservedSize = size;
    this.nextOffset = baseOffset;
    this.offsetIndex = indexes?.offsetIndex ?? new OffsetIndex(baseOffset);
    this.timeIndex = indexes?.timeIndex ?? new TimeIndex(baseOffset);
    this.createdAt = Date.now();
    this.rollJitterMs = config.segmentJitterMs > 0 ? Math.floor(Math.random() * config.segmentJitterMs) : 0;
  }

  static async create(dir: string, baseOffset: number, config: LogConfig): Promise<LogSegment> {
    const handle = await open(segmentPaths(dir, baseOffset).log, 'w+');
    return new LogSegment(dir, baseOffset, config, handle, 0);
  }

  /**
   * A new segment whose file is being created: usable at once (offsets and positions can be
   * assigned to it); I/O waits for the file.
   */
  static createLater(dir: string, baseOffset: number, config: LogConfig): LogSegment {
    const segment = new LogSegment(dir, baseOffset, config, null, 0);
    segment.opening = open(segment.paths.log, 'w+').then((h) => (segment.handle = h));
    // Failures surface to whoever awaits fileHandle(); this only silences the unobserved copy.
    segment.opening.catch(() => {});
    return segment;
  }

  async fileHandle(): Promise<FileHandle> {
    if (this.handle !== null) return this.handle;
    this.opening ??= open(this.paths.log, 'r+').then((h) => (this.handle = h));
    return this.opening;
  }

  /**
   * Accounts for a batch placed at `reservedSize` and returns its position. Index entries follow
   * Kafka's rule: one entry (batch last offset → batch position) once more than
   * index.interval.bytes were appended since the previous entry.
   */
  place(batch: BatchPlacement, indexIntervalBytes: number): number {
    const position = this.reservedSize;
    if (batch.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = batch.maxTimestamp;
      this.offsetOfMaxTimestamp = batch.lastOffset;
    }
    if (this.bytesSinceLastIndexEntry > indexIntervalBytes) {
      this.offsetIndex.append(batch.lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += batch.size;
    this.firstBatchTimestamp ??= batch.maxTimestamp;
    this.reservedSize += batch.size;
    this.nextOffset = batch.lastOffset + 1;
    return position;
  }

  /** Kafka's roll rules, checked before a batch of `size` bytes is placed. */
  shouldRoll(batch: { size: number; maxTimestamp: number; lastOffset: number }, config: LogConfig, now: number): boolean {
    if (this.reservedSize === 0) return false;
    if (this.reservedSize + batch.size > config.segmentBytes) return true;
    const waited = this.firstBatchTimestamp !== null ? batch.maxTimestamp - this.firstBatchTimestamp : now - this.createdAt;
    if (waited > config.segmentMs - this.rollJitterMs) return true;
    if (this.offsetIndex.entries >= Math.floor(config.segmentIndexBytes / OFFSET_INDEX_ENTRY_SIZE)) return true;
    if (this.timeIndex.entries >= Math.floor(config.segmentIndexBytes / TIME_INDEX_ENTRY_SIZE)) return true;
    // Index entries hold offsets relative to the base offset in 4 bytes.
    return batch.lastOffset - this.baseOffset > 0x7fffffff;
  }

  async write(buffers: Buffer[], position: number): Promise<number> {
    return writeAllAt(await this.fileHandle(), buffers, position);
  }

  async datasync(): Promise<void> {
    await (await this.fileHandle()).datasync();
  }

  async read(position: number, length: number): Promise<Buffer> {
    return readAt(await this.fileHandle(), position, length);
  }

  /** First visible batch whose last offset is ≥ `offset`, found from the offset index. */
  async locate(offset: number): Promise<ScannedBatch | null> {
    let start = this.offsetIndex.lookup(offset);
    if (this.readHint.offset === offset && this.readHint.position < this.size) start = this.readHint.position;
    for await (const batch of scanBatchHeaders(await this.fileHandle(), start, this.size)) {
      if (batch.header.baseOffset + batch.header.lastOffsetDelta >= offset) return batch;
    }
    return null;
  }

  rememberReadEnd(nextOffset: number, position: number): void {
    this.readHint = { offset: nextOffset, position };
  }

  /** Synchronous read for the rare synchronous API (ListOffsets MAX_TIMESTAMP). */
  readSync(position: number, length: number): Buffer {
    // A private descriptor: the shared handle may not be open yet, and opening it is async.
    const fd = openSync(this.paths.log, 'r');
    try {
      const buf = Buffer.alloc(length);
      return buf.subarray(0, readSync(fd, buf, 0, length, position));
    } finally {
      closeSync(fd);
    }
  }

  /** Ends the segment's active life: the time index gets the segment's max, as Kafka does on roll. */
  sealTimeIndex(): void {
    if (this.maxTimestamp >= 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
  }

  /** Writes both index files whole (trimmed to their entries, as Kafka leaves inactive ones). */
  async writeIndexes(): Promise<void> {
    await writeFileAtomically(this.paths.index, this.offsetIndex.serialize());
    await writeFileAtomically(this.paths.timeIndex, this.timeIndex.serialize());
  }

  async close(): Promise<void> {
    const handle = this.handle ?? (this.opening !== null ? await this.opening : null);
    this.handle = null;
    this.opening = null;
    await handle?.close();
  }
}
