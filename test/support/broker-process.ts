// Runs `tributary broker` as a real child process (for kill -9 and CLI tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
export const nodeBinary = process.execPath;
export const cliPath = join(root, 'bin', 'tributary.ts');

export type BrokerProcess = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(nodeBinary, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts the broker on a free port over `dataDir` and resolves once it listens. */
export function startBrokerProcess(dataDir: string, overrides: Record<string, string> = {}): Promise<BrokerProcess> {
  const args = ['broker', '--override', 'listeners=PLAINTEXT://127.0.0.1:0', '--override', `log.dirs=${dataDir}`];
  for (const [k, v] of Object.entries(overrides)) args.push('--override', `${k}=${v}`);
  const child = runCli(args);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"listeners":\["PLAINTEXT:\/\/[^"]*:(\d+)"/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => { output += c.toString(); });
        resolve({ child, port: Number(match[1]), output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
    void exited.then((code) => reject(new Error(`broker exited with ${code} before listening:\n${output}`)));
  });
}
