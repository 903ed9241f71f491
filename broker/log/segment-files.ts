// File naming and raw file I/O for segments: Kafka's layout, `<20-digit base offset>.log`,
// `.index` and `.timeindex`, so Kafka's own tools (kafka-dump-log) can read our partitions.
import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectBatch, type BatchInspection } from '../protocol/records/batch-validation.ts';
import { BATCH_HEADER_SIZE, readBatchHeader, type RecordBatchHeader } from '../protocol/records/batch-header.ts';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const DELETED_SUFFIX = '.deleted';

export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

export function segmentPaths(dir: string, baseOffset: number): { log: string; index: string; timeIndex: string } {
  return {
    log: join(dir, segmentFileName(baseOffset, LOG_SUFFIX)),
    index: join(dir, segmentFileName(baseOffset, INDEX_SUFFIX)),
    timeIndex: join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX)),
  };
}

/** Base offset encoded in a segment file name, or null for other files. */
export function parseSegmentFileName(name: string, suffix: string): number | null {
  if (!name.endsWith(suffix)) return null;
  const stem = name.slice(0, -suffix.length);
  return /^\d{20}$/.test(stem) ? Number(stem) : null;
}

/** Reads exactly `length` bytes at `position` (fewer only at end of file). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

/** Writes all of `buffers` at `position`, continuing after a short write. */
export async function writeAllAt(handle: FileHandle, buffers: Buffer[], position: number): Promise<number> {
  const total = buffers.reduce((n, b) => n + b.length, 0);
  let written = (await handle.writev(buffers, position)).bytesWritten;
  while (written < total) {
    const rest = Buffer.concat(buffers).subarray(written);
    written += (await handle.write(rest, 0, rest.length, position + written)).bytesWritten;
  }
  return total;
}

/** Replaces a file's content: write to a temporary name, fsync, rename over the old one. */
export async function writeFileAtomically(path: string, content: Buffer | string): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true, recursive: true });
}

export type ScannedBatch = { position: number; size: number; header: RecordBatchHeader };

/**
 * Walks batch headers from `start` to `end`, reading in chunks and skipping over batch bodies.
 * Only framing is checked (fast path for reads); `verifyBatches` is the recovery variant.
 */
export async function* scanBatchHeaders(handle: FileHandle, start: number, end: number, chunkSize = 64 * 1024): AsyncGenerator<ScannedBatch> {
  let position = start;
  let chunk: Buffer = Buffer.alloc(0);
  let chunkStart = start;
  while (position + BATCH_HEADER_SIZE <= end) {
    if (position < chunkStart || position + BATCH_HEADER_SIZE > chunkStart + chunk.length) {
      chunkStart = position;
      chunk = await readAt(handle, position, Math.min(chunkSize, end - position));
      if (chunk.length < BATCH_HEADER_SIZE) return;
    }
    const header = readBatchHeader(chunk, position - chunkStart);
    const size = header.batchLength + 12;
    if (header.batchLength < BATCH_HEADER_SIZE - 12 || position + size > end) return;
    yield { position, size, header };
    position += size;
  }
}

export type VerifiedScan = { position: number; inspection: BatchInspection };

/**
 * Walks batches from `start` to `end` checking framing and CRC of each one, as recovery must.
 * Yields every inspection, including the first non-valid one, then stops.
 */
export async function* verifyBatches(handle: FileHandle, start: number, end: number, chunkSize = 4 * 1024 * 1024): AsyncGenerator<VerifiedScan> {
  let position = start;
  let chunk: Buffer = Buffer.alloc(0);
  let chunkStart = start;
  const refill = async (length: number): Promise<void> => {
    chunkStart = position;
    chunk = await readAt(handle, position, Math.min(length, end - position));
  };
  while (position < end) {
    if (position - chunkStart + 12 > chunk.length) await refill(chunkSize);
    if (chunk.length - (position - chunkStart) >= 12) {
      // batchLength is known: make sure the whole batch is in the chunk before checking its CRC.
      const size = chunk.readInt32BE(position - chunkStart + 8) + 12;
      if (position - chunkStart + size > chunk.length && chunk.length < end - chunkStart) await refill(Math.max(chunkSize, size));
    }
    const inspection = inspectBatch(chunk, position - chunkStart, chunk.length);
    yield { position, inspection };
    if (inspection.kind !== 'valid') return;
    position += inspection.size;
  }
}

export async function renameForDeletion(path: string): Promise<string> {
  const target = path + DELETED_SUFFIX;
  await rename(path, target);
  return target;
}
