// Log-cleaner throughput: MB/s of input cleaned (bytes of the segments rewritten per second of
// cleaning), printed beside the disk's raw read+write throughput measured in the same run (the
// ceiling: the cleaner reads every byte it cleans and writes what it keeps).
// Run: ./node_modules/.bin/node bench/broker/compaction.ts [dir]   (default: the OS temp dir)
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartitionLog } from '../../broker/log/partition-log.ts';
import { logConfig } from '../../broker/log/log-config.ts';
import { LogCleaner } from '../../broker/log/cleaner/log-cleaner.ts';
import { silentEvents } from '../../broker/log/log-events.ts';
import { encodeBatch } from '../../broker/protocol/records/record-codec.ts';
import type { CompressionCodec } from '../../broker/protocol/records/batch-header.ts';

const CHUNK = 1024 * 1024;

/** 80 bytes of hex from random bytes: compresses about 2:1, like real payloads, not 100:1 like padding. */
function randomValue(): Buffer {
  return Buffer.from(randomBytes(40).toString('hex'));
}

/**
 * Raw disk: write `mib` MiB in 1 MiB chunks, fsync, read them back. The read is served by the
 * page cache, as the cleaner's reads of freshly written segments are in this benchmark.
 */
async function diskReadWrite(dir: string, mib: number): Promise<{ mbPerSec: number }> {
  const path = join(dir, 'disk.bin');
  const chunk = Buffer.alloc(CHUNK, 0x5a);
  const handle = await open(path, 'w+');
  const start = process.hrtime.bigint();
  for (let i = 0; i < mib; i++) await handle.write(chunk, 0, CHUNK, i * CHUNK);
  await handle.datasync();
  const back = Buffer.allocUnsafe(CHUNK);
  for (let i = 0; i < mib; i++) await handle.read(back, 0, CHUNK, i * CHUNK);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await handle.close();
  rmSync(path, { force: true });
  // Each byte crossed the disk interface twice (written, read back).
  return { mbPerSec: (2 * mib * CHUNK) / 1e6 / seconds };
}

async function compactionRun(dir: string, codec: CompressionCodec, updates: number, keys: number): Promise<{ mbPerSec: number; inMb: number; outMb: number; seconds: number }> {
  const path = join(dir, `bench-${codec}`);
  const log = await PartitionLog.open(path, logConfig({ segmentBytes: 8 * CHUNK, cleanupPolicy: ['compact'], fileDeleteDelayMs: 0, maxMessageBytes: 4 * CHUNK }));
  const perBatch = 1000;
  for (let done = 0; done < updates; done += perBatch) {
    const records = Array.from({ length: perBatch }, (_, i) => ({
      key: Buffer.from(`key-${(done + i) % keys}`), value: randomValue(),
    }));
    await log.append(encodeBatch(records, { compression: codec }), { acks: 1 });
  }
  // One more batch rolls the last full segment out of the active position.
  await log.flush();
  while (!log.segmentList().slice(0, -1).every((s) => log.isSettled(s))) await new Promise((r) => setTimeout(r, 5));
  const cleaner = new LogCleaner({ logs: () => [log], events: silentEvents });
  await cleaner.cleanUntilDone();
  const { bytesIn, bytesOut, seconds } = cleaner.totals;
  await log.close();
  rmSync(path, { recursive: true, force: true });
  return { mbPerSec: bytesIn / 1e6 / seconds, inMb: bytesIn / 1e6, outMb: bytesOut / 1e6, seconds };
}

const baseDir = process.argv[2] ?? tmpdir();
const dir = mkdtempSync(join(baseDir, 'tributary-compaction-bench-'));
try {
  const updates = 1_000_000;
  const keys = 10_000;
  console.log(`log cleaner throughput in ${baseDir}: ${updates.toLocaleString('en')} updates of ${keys.toLocaleString('en')} keys, 100-byte records, 1000 per batch`);
  const disk = await diskReadWrite(dir, 256);
  console.log(`  ceiling  raw disk write+fsync+read (256 MiB, read from page cache) ${disk.mbPerSec.toFixed(1).padStart(8)} MB/s`);
  for (const codec of ['none', 'lz4', 'zstd'] as const) {
    const r = await compactionRun(dir, codec, updates, keys);
    console.log(`  cleaner  ${codec.padEnd(5)} ${r.mbPerSec.toFixed(1).padStart(8)} MB/s input cleaned  (${r.inMb.toFixed(1)} MB in → ${r.outMb.toFixed(1)} MB out, ${r.seconds.toFixed(2)} s)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
