// Producer-state snapshot files: `<20-digit offset>.snapshot` in the partition directory, as
// Kafka names them. A snapshot at offset N holds the state after every batch below N, so opening
// the log loads it and replays only the batches from N on.
//
// Format (ours, big-endian): version int16 | crc32c uint32 over everything after it | count int32,
// then per producer: producerId int64 | epoch int16 | lastOffset int64 | lastTimestamp int64 |
// currentTxnFirstOffset int64 (-1: none) | coordinatorEpoch int32 | batchCount int8, then per
// batch (oldest first): firstSeq int32 | lastSeq int32 | firstOffset int64 | lastOffset int64 |
// timestamp int64. Unlike Kafka's snapshot, which keeps one batch per producer, all cached batches
// are kept, so a retry of any of the last five batches is still recognised after a restart.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import type { LogEvents } from './log-events.ts';
import type { BatchMetadata, ProducerEntry } from './producer-state.ts';
import { fsyncDir, parseSegmentFileName, removeQuietly, segmentFileName, writeFileAtomically } from './segment-files.ts';

export const SNAPSHOT_SUFFIX = '.snapshot';
const VERSION = 1;
/** The CRC covers everything from here on. */
const CRC_END = 2 + 4;
const HEADER_SIZE = CRC_END + 4;
const ENTRY_SIZE = 8 + 2 + 8 + 8 + 8 + 4 + 1;
const BATCH_SIZE = 4 + 4 + 8 + 8 + 8;
/** Snapshots kept: the newest, and one to fall back on should the newest be unreadable. */
const SNAPSHOTS_KEPT = 2;

export function encodeSnapshot(entries: Iterable<ProducerEntry>): Buffer {
  const list = [...entries];
  const size = HEADER_SIZE + list.reduce((n, e) => n + ENTRY_SIZE + e.batches.length * BATCH_SIZE, 0);
  const out = Buffer.alloc(size);
  out.writeInt16BE(VERSION, 0);
  let p = out.writeInt32BE(list.length, HEADER_SIZE - 4);
  for (const e of list) {
    p = out.writeBigInt64BE(BigInt(e.producerId), p);
    p = out.writeInt16BE(e.epoch, p);
    p = out.writeBigInt64BE(BigInt(e.lastOffset), p);
    p = out.writeBigInt64BE(BigInt(e.lastTimestamp), p);
    p = out.writeBigInt64BE(BigInt(e.currentTxnFirstOffset ?? -1), p);
    p = out.writeInt32BE(e.coordinatorEpoch, p);
    p = out.writeInt8(e.batches.length, p);
    for (const b of e.batches) {
      p = out.writeInt32BE(b.firstSeq, p);
      p = out.writeInt32BE(b.lastSeq, p);
      p = out.writeBigInt64BE(BigInt(b.firstOffset), p);
      p = out.writeBigInt64BE(BigInt(b.lastOffset), p);
      p = out.writeBigInt64BE(BigInt(b.timestamp), p);
    }
  }
  out.writeUInt32BE(crc32c(out.subarray(CRC_END)) >>> 0, 2);
  return out;
}

/** The entries of a snapshot; throws when it is truncated, corrupt or of an unknown version. */
export function decodeSnapshot(bytes: Buffer): ProducerEntry[] {
  if (bytes.length < HEADER_SIZE) throw new Error(`snapshot of ${bytes.length} bytes is shorter than its header`);
  const version = bytes.readInt16BE(0);
  if (version !== VERSION) throw new Error(`snapshot version ${version} is not ${VERSION}`);
  const crc = crc32c(bytes.subarray(CRC_END)) >>> 0;
  if (crc !== bytes.readUInt32BE(2)) throw new Error('snapshot CRC does not match its contents');
  const count = bytes.readInt32BE(CRC_END);
  const entries: ProducerEntry[] = [];
  let p = HEADER_SIZE;
  const long = () => { const v = Number(bytes.readBigInt64BE(p)); p += 8; return v; };
  const int = () => { const v = bytes.readInt32BE(p); p += 4; return v; };
  for (let i = 0; i < count; i++) {
    const producerId = long();
    const epoch = bytes.readInt16BE(p);
    p += 2;
    const lastOffset = long();
    const lastTimestamp = long();
    const txnFirstOffset = long();
    const coordinatorEpoch = int();
    const batchCount = bytes.readInt8(p);
    p += 1;
    const batches: BatchMetadata[] = [];
    for (let j = 0; j < batchCount; j++) {
      batches.push({ firstSeq: int(), lastSeq: int(), firstOffset: long(), lastOffset: long(), timestamp: long() });
    }
    entries.push({ producerId, epoch, batches, lastOffset, lastTimestamp, currentTxnFirstOffset: txnFirstOffset < 0 ? null : txnFirstOffset, coordinatorEpoch });
  }
  if (p !== bytes.length) throw new Error(`snapshot holds ${bytes.length - p} byte(s) after its last entry`);
  return entries;
}

export function snapshotPath(dir: string, offset: number): string {
  return join(dir, segmentFileName(offset, SNAPSHOT_SUFFIX));
}

/** Offsets of the snapshot files in `dir`, newest first. */
export async function listSnapshots(dir: string): Promise<number[]> {
  const offsets: number[] = [];
  for (const name of await readdir(dir)) {
    const offset = parseSegmentFileName(name, SNAPSHOT_SUFFIX);
    if (offset !== null) offsets.push(offset);
  }
  return offsets.sort((a, b) => b - a);
}

export async function readSnapshot(dir: string, offset: number): Promise<ProducerEntry[]> {
  return decodeSnapshot(await readFile(snapshotPath(dir, offset)));
}

export async function deleteSnapshot(dir: string, offset: number): Promise<void> {
  await removeQuietly(snapshotPath(dir, offset));
}

/**
 * Writes snapshots one at a time (two writes of the same offset would share a temporary file),
 * each atomically (temp file, fsync, rename, fsync of the directory), then prunes old ones. A
 * failed snapshot is only a warning: recovery can always rebuild the state from the log.
 */
export class SnapshotWriter {
  private readonly dir: string;
  private readonly events: LogEvents;
  private last: Promise<void> = Promise.resolve();

  constructor(dir: string, events: LogEvents) {
    this.dir = dir;
    this.events = events;
  }

  /** Encodes `entries` now (the state at `offset`), writes the file in the background. */
  write(offset: number, entries: Iterable<ProducerEntry>): Promise<void> {
    const bytes = encodeSnapshot(entries);
    this.last = this.last.then(() => this.persist(offset, bytes));
    return this.last;
  }

  /** Resolves once every snapshot requested so far is written (or has failed and been reported). */
  idle(): Promise<void> {
    return this.last;
  }

  private async persist(offset: number, bytes: Buffer): Promise<void> {
    try {
      await writeFileAtomically(snapshotPath(this.dir, offset), bytes);
      await fsyncDir(this.dir);
      for (const old of (await listSnapshots(this.dir)).slice(SNAPSHOTS_KEPT)) await deleteSnapshot(this.dir, old);
    } catch (err) {
      this.events.warn({ err, dir: this.dir, offset }, 'could not write producer state snapshot; recovery will replay the log instead');
    }
  }
}
