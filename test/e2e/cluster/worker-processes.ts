// Starts and kills worker processes (test/e2e/cluster/worker-process.ts) for multi-process tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** `host:port`, the worker_id in statuses. */
  readonly id: string;
}

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node');
const ENTRY = join(process.cwd(), 'test', 'e2e', 'cluster', 'worker-process.ts');

export async function spawnWorker(dir: string, name: string, props: Record<string, string>): Promise<WorkerProcess> {
  const propsFile = join(dir, `${name}.properties`);
  writeFileSync(propsFile, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n'));
  const child = spawn(NODE, [ENTRY, propsFile, join(dir, `${name}.log`)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start in time`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\S+)/.exec(out);
      if (m !== null) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}`)); });
  });
  const u = new URL(url);
  return { child, url, id: `${u.hostname}:${u.port}` };
}

export function kill9(worker: WorkerProcess): Promise<void> {
  return new Promise((resolve) => {
    worker.child.once('exit', () => resolve());
    worker.child.kill('SIGKILL');
  });
}

/** SIGTERM and wait (a graceful stop). */
export function terminate(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    worker.child.once('exit', () => resolve());
    worker.child.kill('SIGTERM');
  });
}
