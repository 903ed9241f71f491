// The disk's own sequential-write ceiling, the figure the log and broker benchmarks print beside
// theirs: MB/s writing 1 MiB chunks with no fsync, and with an fsync after every N MiB.
// Run: ./node_modules/.bin/node bench/broker/disk-ceiling.ts [dir]   (default: the OS temp dir)
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type CeilingFigure = { label: string; fsyncEveryMiB: number | null; mbPerSec: number; mib: number; seconds: number };

const CHUNK = 1024 * 1024;

/** Writes 1 MiB chunks for up to `maxSeconds` (or `maxMiB`), fsyncing every `fsyncEveryMiB`. */
async function measure(dir: string, fsyncEveryMiB: number | null, maxSeconds: number, maxMiB: number): Promise<CeilingFigure> {
  const path = join(dir, `ceiling-${fsyncEveryMiB ?? 'none'}.bin`);
  const chunk = Buffer.alloc(CHUNK, 0x5a);
  const handle = await open(path, 'w');
  const start = process.hrtime.bigint();
  let written = 0;
  try {
    while (written < maxMiB && Number(process.hrtime.bigint() - start) / 1e9 < maxSeconds) {
      await handle.write(chunk, 0, CHUNK, written * CHUNK);
      written++;
      if (fsyncEveryMiB !== null && written % fsyncEveryMiB === 0) await handle.datasync();
    }
    if (fsyncEveryMiB !== null) await handle.datasync();
  } finally {
    await handle.close();
    rmSync(path, { force: true });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const label = fsyncEveryMiB === null ? 'no fsync (page cache)' : `fsync every ${fsyncEveryMiB} MiB`;
  return { label, fsyncEveryMiB, mbPerSec: (written * CHUNK) / 1e6 / seconds, mib: written, seconds };
}

/** The ceiling figures for `dir`; about 2 s per mode. */
export async function measureDiskCeiling(dir: string, secondsPerMode = 2): Promise<CeilingFigure[]> {
  const work = mkdtempSync(join(dir, 'tributary-ceiling-'));
  try {
    const figures: CeilingFigure[] = [];
    for (const every of [null, 16, 1]) figures.push(await measure(work, every, secondsPerMode, 2048));
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function printCeiling(figures: CeilingFigure[]): void {
  for (const f of figures) console.log(`  ceiling  ${f.label.padEnd(24)} ${f.mbPerSec.toFixed(1).padStart(8)} MB/s  (${f.mib} MiB in ${f.seconds.toFixed(2)} s)`);
}

if (import.meta.filename === process.argv[1]) {
  const dir = process.argv[2] ?? tmpdir();
  console.log(`disk ceiling, sequential 1 MiB writes in ${dir}`);
  printCeiling(await measureDiskCeiling(dir));
}
