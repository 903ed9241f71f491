// PartitionLog append throughput for realistic record and batch sizes, acks=1 and acks=-1, with
// the disk ceiling measured in the same run printed beside it.
// Run: ./node_modules/.bin/node bench/broker/log-append.ts [dir]   (default: the OS temp dir)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartitionLog } from '../../broker/log/partition-log.ts';
import { logConfig } from '../../broker/log/log-config.ts';
import { encodeBatch } from '../../broker/protocol/records/record-codec.ts';
import { measureDiskCeiling, printCeiling } from './disk-ceiling.ts';

type Case = { recordBytes: number; batchBytes: number; acks: 1 | -1 };

/** Appends in flight at once, as from several producer connections. */
const CONCURRENCY = 8;
const SECONDS_PER_CASE = 1.5;

function template(recordBytes: number, batchBytes: number): { batch: Buffer; records: number } {
  const count = Math.max(1, Math.floor(batchBytes / (recordBytes + 10)));
  const batch = encodeBatch(Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.alloc(recordBytes, 97 + (i % 26)) })));
  return { batch, records: count };
}

async function run(dir: string, c: Case): Promise<{ recordsPerSec: number; mbPerSec: number; fsyncs: number; appends: number }> {
  const path = join(dir, `bench-${c.recordBytes}-${c.batchBytes}-${c.acks}`);
  const log = await PartitionLog.open(path, logConfig({ maxMessageBytes: 2 * 1024 * 1024 }));
  const { batch, records } = template(c.recordBytes, c.batchBytes);
  const start = process.hrtime.bigint();
  const deadline = Number(start) / 1e6 + SECONDS_PER_CASE * 1000;
  let appends = 0;
  // Each append owns its buffer (the log rewrites baseOffset in place), as a request buffer would.
  const worker = async (): Promise<void> => {
    while (Number(process.hrtime.bigint()) / 1e6 < deadline) {
      await log.append(Buffer.from(batch), { acks: c.acks });
      appends++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const fsyncs = log.stats.fsyncs;
  await log.close();
  rmSync(path, { recursive: true, force: true });
  return { recordsPerSec: (appends * records) / seconds, mbPerSec: (appends * batch.length) / 1e6 / seconds, fsyncs, appends };
}

const baseDir = process.argv[2] ?? tmpdir();
const dir = mkdtempSync(join(baseDir, 'tributary-log-bench-'));
try {
  console.log(`PartitionLog append throughput in ${baseDir} (${CONCURRENCY} appends in flight, ${SECONDS_PER_CASE} s per case)`);
  printCeiling(await measureDiskCeiling(dir, 1.5));
  for (const acks of [1, -1] as const) {
    for (const recordBytes of [100, 1024]) {
      for (const batchBytes of [16 * 1024, 1024 * 1024]) {
        const r = await run(dir, { recordBytes, batchBytes, acks });
        const label = `acks=${String(acks).padEnd(2)} ${String(recordBytes).padStart(4)} B records, ${batchBytes >= 1024 * 1024 ? '1 MiB' : '16 KiB'} batches`;
        console.log(`  log      ${label.padEnd(40)} ${Math.round(r.recordsPerSec).toLocaleString('en').padStart(11)} records/s ${r.mbPerSec.toFixed(1).padStart(8)} MB/s  (${r.appends} appends, ${r.fsyncs} fsyncs)`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
