// Loading a partition's segments at open, and recovering them after a crash.
//
// Recovery rules (the invariant: never lose a batch that is whole and CRC-valid, never serve one
// that is not):
// - The active (last) segment is always re-read batch by batch with CRC checks, because it is
//   the one a crash can leave torn; everything from the first bad or incomplete batch on is
//   truncated, and its indexes are rebuilt from the valid batches.
// - An older segment is trusted with its index files if they pass a sanity check (well-formed,
//   increasing, inside the log, last entry pointing at the batch it names). A missing or stale
//   index makes it recovered like the active one. A corrupt batch inside an older segment
//   truncates only that segment: later segments hold valid data and are kept.
// - Leftovers of interrupted operations (`.deleted`, `.tmp`, index files without a log) go.
import { readdir, readFile, stat, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogConfig } from './log-config.ts';
import { LogSegment } from './log-segment.ts';
import { OffsetIndex } from './offset-index.ts';
import { TimeIndex } from './time-index.ts';
import {
  DELETED_SUFFIX, INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX,
  parseSegmentFileName, readAt, removeQuietly, segmentPaths, verifyBatches,
} from './segment-files.ts';
import { readBatchHeader, BATCH_HEADER_SIZE } from '../protocol/records/batch-header.ts';
import type { LogEvents } from './log-events.ts';

export async function loadSegments(dir: string, config: LogConfig, startOffset: number, events: LogEvents): Promise<LogSegment[]> {
  const names = await readdir(dir);
  const logBases = new Set<number>();
  for (const name of names) {
    const base = parseSegmentFileName(name, LOG_SUFFIX);
    if (base !== null) logBases.add(base);
  }
  for (const name of names) {
    const indexBase = parseSegmentFileName(name, INDEX_SUFFIX) ?? parseSegmentFileName(name, TIME_INDEX_SUFFIX);
    const orphanIndex = indexBase !== null && !logBases.has(indexBase);
    if (orphanIndex || name.endsWith(DELETED_SUFFIX) || name.endsWith('.tmp')) await removeQuietly(join(dir, name));
  }
  const bases = [...logBases].sort((a, b) => a - b);
  if (bases.length === 0) return [await LogSegment.create(dir, startOffset, config)];

  const segments: LogSegment[] = [];
  for (let i = 0; i < bases.length; i++) {
    const isActive = i === bases.length - 1;
    const trusted = isActive ? null : await loadWithIndexes(dir, bases[i], bases[i + 1], config);
    segments.push(trusted ?? await recoverSegment(dir, bases[i], config, events, isActive));
  }
  return segments;
}

/** An inactive segment opened from its index files, or null if they cannot be trusted. */
async function loadWithIndexes(dir: string, baseOffset: number, nextBaseOffset: number, config: LogConfig): Promise<LogSegment | null> {
  const paths = segmentPaths(dir, baseOffset);
  const logSize = (await stat(paths.log)).size;
  const [indexBytes, timeIndexBytes] = await Promise.all([readOrNull(paths.index), readOrNull(paths.timeIndex)]);
  if (indexBytes === null || timeIndexBytes === null) return null;
  const offsetIndex = OffsetIndex.parse(baseOffset, indexBytes, logSize);
  const timeIndex = TimeIndex.parse(baseOffset, timeIndexBytes, nextBaseOffset);
  if (offsetIndex === null || timeIndex === null) return null;
  if (logSize > 0 && timeIndex.lastEntry === null) return null;
  if (offsetIndex.entries > 0) {
    // The last entry must name the batch at its position: catches an index left from an older
    // version of the file (e.g. before a truncation).
    const handle = await open(paths.log, 'r');
    try {
      const head = await readAt(handle, offsetIndex.lastPosition, BATCH_HEADER_SIZE);
      if (head.length < BATCH_HEADER_SIZE) return null;
      const header = readBatchHeader(head);
      if (header.baseOffset + header.lastOffsetDelta !== offsetIndex.lastOffset) return null;
    } finally {
      await handle.close();
    }
  }
  const segment = new LogSegment(dir, baseOffset, config, null, logSize, { offsetIndex, timeIndex });
  segment.nextOffset = nextBaseOffset;
  const last = timeIndex.lastEntry;
  if (last !== null) {
    segment.maxTimestamp = last.timestamp;
    segment.offsetOfMaxTimestamp = last.offset;
  }
  return segment;
}

/** Re-reads a segment batch by batch, truncates what is not valid, rebuilds its indexes. */
async function recoverSegment(dir: string, baseOffset: number, config: LogConfig, events: LogEvents, isActive: boolean): Promise<LogSegment> {
  const paths = segmentPaths(dir, baseOffset);
  const handle = await open(paths.log, 'r+');
  const fileSize = (await handle.stat()).size;
  const segment = new LogSegment(dir, baseOffset, config, handle, 0);
  let validEnd = 0;
  let problem: string | null = null;
  for await (const { position, inspection } of verifyBatches(handle, 0, fileSize)) {
    if (inspection.kind === 'incomplete') {
      problem = `torn batch: ${inspection.available} trailing byte(s)`;
      break;
    }
    if (inspection.kind === 'invalid') {
      problem = inspection.problem.message;
      break;
    }
    const { header, size } = inspection;
    if (header.baseOffset < segment.nextOffset) {
      problem = `batch at offset ${header.baseOffset} goes backwards (expected ≥ ${segment.nextOffset})`;
      break;
    }
    segment.place({ baseOffset: header.baseOffset, lastOffset: header.baseOffset + header.lastOffsetDelta, maxTimestamp: header.maxTimestamp, size }, config.indexIntervalBytes);
    validEnd = position + size;
  }
  segment.size = validEnd;
  if (validEnd < fileSize) {
    events.warn({ segment: paths.log, validBytes: validEnd, truncatedBytes: fileSize - validEnd, reason: problem }, 'truncating invalid tail of segment');
    await handle.truncate(validEnd);
    await handle.datasync();
  }
  if (!isActive) {
    segment.sealTimeIndex();
    await segment.writeIndexes();
  }
  return segment;
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
