// Optional CPU profile of each measured phase (BENCH_PROFILE=<dir>): one .cpuprofile per phase,
// so the engine's own costs are not mixed with start-up, the raw client runs and other phases.
// Open them in Chrome DevTools or any .cpuprofile viewer.
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE;
let session: Session | null = null;

/** Starts profiling a phase; the returned function stops and writes `<dir>/<name>.cpuprofile`. */
export async function profilePhase(name: string): Promise<() => Promise<void>> {
  if (dir === undefined || dir === '') return async () => {};
  if (session === null) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
  }
  const s = session;
  await s.post('Profiler.start');
  return async () => {
    const { profile } = await s.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}
