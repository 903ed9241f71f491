// Writes one cleaned segment as `<base>.log.cleaned` (+ `.index.cleaned`, `.timeindex.cleaned`),
// building its indexes the way appends do (LogSegment.place), and fsyncs it: the swap that
// follows must never expose a segment that could still be torn.
import type { FileHandle } from 'node:fs/promises';
import { open, writeFile } from 'node:fs/promises';
import type { LogConfig } from '../log-config.ts';
import { LogSegment } from '../log-segment.ts';
import { removeQuietly, segmentPaths, writeAllAt } from '../segment-files.ts';

export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';

const FLUSH_BYTES = 1024 * 1024;

export class CleanedSegmentWriter {
  readonly segment: LogSegment;
  private readonly handle: FileHandle;
  private readonly config: LogConfig;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;

  private constructor(segment: LogSegment, handle: FileHandle, config: LogConfig) {
    this.segment = segment;
    this.handle = handle;
    this.config = config;
  }

  static async create(dir: string, baseOffset: number, config: LogConfig): Promise<CleanedSegmentWriter> {
    const handle = await open(segmentPaths(dir, baseOffset).log + CLEANED_SUFFIX, 'w+');
    // The handle follows the file through its renames (.cleaned → .swap → .log), so the segment
    // stays readable at every step.
    return new CleanedSegmentWriter(new LogSegment(dir, baseOffset, config, handle, 0), handle, config);
  }

  get size(): number {
    return this.segment.reservedSize;
  }

  async append(batch: Buffer, header: { baseOffset: number; lastOffsetDelta: number; maxTimestamp: number }): Promise<void> {
    const lastOffset = header.baseOffset + header.lastOffsetDelta;
    this.segment.place({ baseOffset: header.baseOffset, lastOffset, maxTimestamp: header.maxTimestamp, size: batch.length }, this.config.indexIntervalBytes);
    this.pending.push(batch);
    this.pendingBytes += batch.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flushPending();
  }

  /** Writes the rest, the index files and fsyncs; `nextOffset` is where the replaced segments ended. */
  async finish(nextOffset: number): Promise<LogSegment> {
    await this.flushPending();
    await this.handle.datasync();
    const segment = this.segment;
    segment.size = segment.reservedSize;
    segment.nextOffset = nextOffset;
    segment.sealTimeIndex();
    await writeSynced(segment.paths.index + CLEANED_SUFFIX, segment.offsetIndex.serialize());
    await writeSynced(segment.paths.timeIndex + CLEANED_SUFFIX, segment.timeIndex.serialize());
    return segment;
  }

  /** Abandons the clean: closes and removes the `.cleaned` files. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    const paths = this.segment.paths;
    for (const path of [paths.log, paths.index, paths.timeIndex]) await removeQuietly(path + CLEANED_SUFFIX);
  }

  private async flushPending(): Promise<void> {
    if (this.pending.length === 0) return;
    this.written += await writeAllAt(this.handle, this.pending, this.written);
    this.pending = [];
    this.pendingBytes = 0;
  }
}

async function writeSynced(path: string, content: Buffer): Promise<void> {
  await writeFile(path, content, { flush: true });
}
