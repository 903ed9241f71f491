// A long-running group consumer program (one JSON document per stdout line) that a test can
// watch, kill -9 or stop cleanly. Unlike the harness's run(), it keeps running while the test
// changes the group around it.
import { spawn, type ChildProcess } from 'node:child_process';

export type ConsumerEvent = { event: string; partitions?: number[]; partition?: number; offset?: number; value?: string; error?: string };

export class ConsumerProcess {
  readonly name: string;
  readonly events: ConsumerEvent[] = [];
  /** The partitions currently assigned (eager protocol: revoke all, then assign). */
  assignment: number[] = [];
  readonly #child: ChildProcess;
  readonly #stderr: string[] = [];
  readonly #exited: Promise<void>;
  #listeners = new Set<() => void>();

  constructor(name: string, command: string, args: string[]) {
    this.name = name;
    this.#child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.#child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines.filter((l) => l.trim() !== '')) this.#onEvent(JSON.parse(line) as ConsumerEvent);
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => this.#stderr.push(chunk.toString('utf8')));
    this.#exited = new Promise((resolve) => this.#child.on('close', () => {
      this.#notify();
      resolve();
    }));
  }

  get messages(): ConsumerEvent[] {
    return this.events.filter((e) => e.event === 'message');
  }

  #onEvent(e: ConsumerEvent): void {
    this.events.push(e);
    if (e.event === 'assigned') this.assignment = e.partitions ?? [];
    if (e.event === 'revoked') this.assignment = [];
    this.#notify();
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }

  /** Resolves once `condition` holds (checked on every event of any watched process). */
  static waitFor(processes: ConsumerProcess[], condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; assignments: ` +
          processes.map((p) => `${p.name}=${JSON.stringify(p.assignment)}`).join(' ') +
          `\n${processes.map((p) => `--- ${p.name} stderr ---\n${p.#stderr.join('').slice(-2000)}`).join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        for (const p of processes) p.#listeners.delete(check);
      };
      for (const p of processes) p.#listeners.add(check);
      check();
    });
  }

  /** SIGKILL: no LeaveGroup, the broker only notices when the session times out. */
  async kill(): Promise<void> {
    this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM: the client commits, leaves the group and exits. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    await this.#exited;
  }
}
