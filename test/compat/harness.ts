// The compatibility suite's harness: one in-process broker per test file (port 0, fresh data dir,
// removed afterwards) and third-party client programs run as child processes with a timeout.
// A client that fails shows its command line, exit status and its own stderr in the test failure.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startBroker, type Broker } from '../../broker/server/broker.ts';
import { createLogger } from '../../logging/logger.ts';
import { WireClient } from '../support/wire-client.ts';
import { createTopic } from '../support/wire-calls.ts';

export const compatDir = import.meta.dirname;

export type CompatBroker = { broker: Broker; bootstrap: string; port: number; dataDir: string; stop(): Promise<void> };

// The broker's warnings and errors, kept so that a failing client's report shows what the broker
// said while the client ran (e.g. a response it could not encode before closing the connection).
const brokerLog: string[] = [];
const brokerLogSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) brokerLog.push(summarizeLogLine(line));
    done();
  },
});

function summarizeLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: string; err?: { message?: string }; apiKey?: number; apiVersion?: number };
    const api = entry.apiKey === undefined ? '' : ` (api ${entry.apiKey} v${entry.apiVersion})`;
    return `${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}${api}`;
  } catch {
    return line;
  }
}

/**
 * Starts a broker for one test file. Auto-creation is off so that every topic a test uses is one
 * it created on purpose (a typo must fail, not silently create an empty topic).
 */
export async function startCompatBroker(settings: Record<string, string> = {}): Promise<CompatBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-compat-'));
  const broker = await startBroker({
    listeners: 'PLAINTEXT://127.0.0.1:0', 'log.dirs': dataDir, 'auto.create.topics.enable': 'false', ...settings,
  }, createLogger({ level: 'warn', destination: brokerLogSink }));
  return {
    broker, bootstrap: `127.0.0.1:${broker.port}`, port: broker.port, dataDir,
    async stop() {
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type RunOptions = {
  input?: string | Buffer;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolve with the result instead of throwing when the program exits non-zero. */
  allowFailure?: boolean;
};
export type RunResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number };

/**
 * Runs a client program to completion. Asynchronous on purpose: the broker lives in this same
 * process, so a synchronous spawn would starve it and the client would time out.
 */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const started = Date.now();
  const brokerLogStart = brokerLog.length;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started };
      if (!timedOut && (code === 0 || options.allowFailure)) {
        resolve(result);
        return;
      }
      const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`${describeCommand(command, args)} ${why}\n` +
        `--- stderr ---\n${tail(result.stderr)}\n--- stdout ---\n${tail(result.stdout)}` +
        `\n--- broker warnings/errors meanwhile ---\n${[...new Set(brokerLog.slice(brokerLogStart))].join('\n') || '(none)'}`));
    });
    child.stdin.on('error', () => undefined); // the client may exit before reading all its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a program that prints one JSON document per line and returns them parsed. */
export async function runJsonLines<T = Record<string, unknown>>(command: string, args: string[], options: RunOptions = {}): Promise<T[]> {
  const result = await run(command, args, options);
  try {
    return result.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
  } catch (e) {
    throw new Error(`${describeCommand(command, args)} printed something that is not JSON lines (${(e as Error).message}):\n` +
      `${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`, { cause: e });
  }
}

function describeCommand(command: string, args: string[]): string {
  const shown = args.map((a) => (a.length > 120 ? `${a.slice(0, 117)}...` : a));
  return [command, ...shown].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

function tail(text: string, max = 6000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

/**
 * Debian's python3 (the one that sees python3-confluent-kafka and python3-kafka): the default
 * PATH's python3, not a pyenv shim earlier on the user's PATH.
 */
export const systemPython = ((): string => {
  try {
    return execFileSync('/bin/sh', ['-c', 'command -p -v python3'], { encoding: 'utf8' }).trim() || '/usr/bin/python3';
  } catch {
    return '/usr/bin/python3';
  }
})();

let topicCounter = 0;
/** A topic name unique within the run (tests in one file share a broker). */
export function topicName(prefix: string): string {
  topicCounter += 1;
  return `${prefix}-${process.pid}-${topicCounter}`;
}

/** A wall-clock instant strictly between two produce calls, for timestamp lookups. */
export async function instantBetween(): Promise<number> {
  await new Promise((r) => setTimeout(r, 20));
  const t = Date.now();
  await new Promise((r) => setTimeout(r, 20));
  return t;
}

/**
 * Creates a topic with the project's own wire client, for clients that have no admin API
 * (kcat). Throws on any error code so that a failing setup is not mistaken for a client bug.
 */
export async function createTopicDirectly(broker: CompatBroker, name: string, partitions = 1, configs: Record<string, string> = {}): Promise<void> {
  const client = await WireClient.connect(broker.port);
  try {
    const result = await createTopic(client, name, partitions, configs);
    if (result.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${result.errorCode} ${result.errorMessage ?? ''}`);
  } finally {
    client.close();
  }
}
