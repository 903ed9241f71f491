// Broker benchmark (`npm run bench:broker`): the real `tributary broker` in a child process over
// a temporary data dir, driven by librdkafka clients (kcat for throughput, confluent-kafka-python
// for latency). Prints produce throughput (100 B and 1 KiB records, acks=1 and acks=all),
// consumer throughput, produce→consume latency at a steady rate, and beside them the disk's own
// sequential-write ceiling measured in the same run, then the targets. Not a test: no assertions.
// The clients and the broker share this machine's cores, so the figures are for the whole box.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureDiskCeiling, printCeiling, type CeilingFigure } from './disk-ceiling.ts';

const root = join(import.meta.dirname, '..', '..');
const TARGETS = { producer100B: 800_000, acksAllOfCeiling: 0.5, consumer: 1_000_000 };
const CASES = [
  { size: 100, count: 2_000_000, acks: '1' },
  { size: 100, count: 2_000_000, acks: 'all' },
  { size: 1024, count: 300_000, acks: '1' },
  { size: 1024, count: 300_000, acks: 'all' },
] as const;
const LATENCY = { rate: 5000, seconds: 5 };
/** Each throughput case runs this many times; the median is the figure (the box is shared). */
const REPEATS = 3;

// librdkafka settings for a throughput producer: big batches, a deep local queue.
const PRODUCER_SETTINGS = ['linger.ms=5', 'batch.num.messages=100000', 'batch.size=1000000',
  'queue.buffering.max.messages=10000000', 'queue.buffering.max.kbytes=2097151', 'compression.codec=none'];
// librdkafka stops fetching for about a second whenever its local queue holds more than
// queued.min.messages (100000 by default): one 4 MiB fetch of 100 B records exceeds that, so the
// default would measure the client's back-off, not the broker.
const CONSUMER_SETTINGS = ['fetch.max.bytes=104857600', 'receive.message.max.bytes=209715200', 'max.partition.fetch.bytes=4194304',
  'queued.min.messages=10000000', 'queued.max.messages.kbytes=2097151', 'fetch.wait.max.ms=100'];

type Broker = { child: ChildProcess; bootstrap: string };

function startBroker(dataDir: string): Promise<Broker> {
  const child = spawn(join(root, 'node_modules', '.bin', 'node'), [join(root, 'bin', 'tributary.ts'), 'broker',
    '--override', 'listeners=PLAINTEXT://127.0.0.1:0', '--override', `log.dirs=${dataDir}`,
    '--override', 'auto.create.topics.enable=true', '--override', 'num.partitions=1',
    '--override', 'message.max.bytes=2097152'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`broker did not start within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"listeners":\["PLAINTEXT:\/\/([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ child, bootstrap: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
    child.on('exit', (code) => reject(new Error(`broker exited (${code}) before listening:\n${output}`)));
  });
}

async function stopBroker(broker: Broker): Promise<void> {
  const exited = new Promise((resolve) => broker.child.on('exit', resolve));
  broker.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

/**
 * Runs a program and returns its wall seconds and the number of lines it printed (its stdout is
 * kept only when asked); throws with its stderr on failure.
 */
function timed(command: string, args: string[], keepStdout = false): Promise<{ seconds: number; stdout: string; lines: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    let lines = 0;
    child.stdout?.on('data', (c: Buffer) => {
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
      if (keepStdout) stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, stdout, lines });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-3000)}`));
    });
  });
}

/** `count` newline-separated values of exactly `size` bytes (kcat -l sends one record per line). */
function writeRecordsFile(path: string, count: number, size: number): void {
  const line = Buffer.alloc(size + 1, 0x61);
  line[size] = 0x0a;
  const perChunk = Math.max(1, Math.floor((4 * 1024 * 1024) / line.length));
  const chunk = Buffer.concat(Array.from({ length: perChunk }, () => line));
  const fd = openSync(path, 'w');
  try {
    for (let left = count; left > 0; left -= perChunk) writeSync(fd, chunk, 0, Math.min(left, perChunk) * line.length);
  } finally {
    closeSync(fd);
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[]) => `[${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;
const kcatSettings = (list: readonly string[]) => list.flatMap((s) => ['-X', s]);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  let broker: Broker | undefined;
  try {
    console.log(`Tributary broker benchmark — data dir ${dataDir}`);
    console.log('disk ceiling (same file system, same run):');
    const ceiling = await measureDiskCeiling(work, 1.5);
    printCeiling(ceiling);

    broker = await startBroker(dataDir);
    console.log(`broker ${broker.bootstrap} (child process); clients: kcat (librdkafka) for throughput, confluent-kafka-python for latency`);

    const produced: { size: number; acks: string; recordsPerSec: number; mbPerSec: number; topic: string; count: number }[] = [];
    console.log(`\nproduce (one kcat producer, one partition, no compression; median of ${REPEATS} runs [min–max], wall time incl. client start):`);
    for (const c of CASES) {
      const file = join(work, `records-${c.size}.txt`);
      writeRecordsFile(file, c.count, c.size);
      const runs: number[] = [];
      for (let r = 1; r <= REPEATS; r++) {
        const topic = `bench-${c.size}-acks-${c.acks}-${r}`;
        const { seconds } = await timed('kcat', ['-b', broker.bootstrap, '-P', '-q', '-t', topic, '-p', '0', '-l', file,
          '-X', `acks=${c.acks}`, ...kcatSettings(PRODUCER_SETTINGS)]);
        // kcat flushes before it exits; the log end offset confirms every record landed.
        const end = await timed('kcat', ['-b', broker.bootstrap, '-Q', '-t', `${topic}:0:-1`], true);
        if (!end.stdout.includes(`offset ${c.count}`)) throw new Error(`${topic}: expected end offset ${c.count}, kcat -Q said ${end.stdout}`);
        runs.push(c.count / seconds);
      }
      rmSync(file, { force: true });
      const recordsPerSec = median(runs);
      const mbPerSec = (recordsPerSec * c.size) / 1e6;
      produced.push({ ...c, recordsPerSec, mbPerSec, topic: `bench-${c.size}-acks-${c.acks}-1` });
      console.log(`  ${String(c.size).padStart(4)} B  acks=${c.acks.padEnd(3)} ${fmt(c.count).padStart(9)} records: ` +
        `${fmt(recordsPerSec).padStart(9)} records/s  ${mbPerSec.toFixed(1).padStart(6)} MB/s of values  ${range(runs)}`);
    }

    console.log(`\nconsume (one kcat consumer, partition assignment, from the beginning, -c count; median of ${REPEATS} runs):`);
    const consumed: number[] = [];
    for (const p of produced.filter((x) => x.acks === '1')) {
      const runs: number[] = [];
      for (let r = 1; r <= REPEATS; r++) {
        const { seconds, lines } = await timed('kcat', ['-b', broker.bootstrap, '-C', '-q', '-t', p.topic, '-p', '0', '-o', 'beginning',
          '-c', String(p.count), '-f', '%o\n', ...kcatSettings(CONSUMER_SETTINGS)]);
        if (lines !== p.count) throw new Error(`${p.topic}: consumed ${lines} records, expected ${p.count}`);
        runs.push(p.count / seconds);
      }
      const recordsPerSec = median(runs);
      if (p.size === 100) consumed.push(recordsPerSec);
      console.log(`  ${String(p.size).padStart(4)} B  ${fmt(p.count).padStart(9)} records: ` +
        `${fmt(recordsPerSec).padStart(9)} records/s  ${((recordsPerSec * p.size) / 1e6).toFixed(1).padStart(6)} MB/s of values  ${range(runs)}`);
    }

    console.log(`\nproduce→consume latency at ${fmt(LATENCY.rate)} records/s for ${LATENCY.seconds} s (100 B, linger.ms=0, one process, same clock):`);
    for (const acks of ['1', 'all']) {
      const { stdout } = await timed(pythonPath(), [join(import.meta.dirname, 'latency.py'), broker.bootstrap, `bench-latency-${acks}`,
        String(LATENCY.rate), String(LATENCY.seconds), acks], true);
      const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { sent: number; received: number; p50: number; p90: number; p99: number; max: number };
      console.log(`  acks=${acks.padEnd(3)} p50 ${r.p50} ms  p90 ${r.p90} ms  p99 ${r.p99} ms  max ${r.max} ms  (${r.received}/${r.sent} received)`);
    }

    printTargets(produced, consumed, ceiling);
  } finally {
    if (broker) await stopBroker(broker);
    rmSync(work, { recursive: true, force: true });
  }
}

function printTargets(produced: { size: number; acks: string; recordsPerSec: number; mbPerSec: number }[], consumed: number[], ceiling: CeilingFigure[]): void {
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const p100 = produced.find((p) => p.size === 100 && p.acks === '1')?.recordsPerSec ?? 0;
  console.log('\ntargets:');
  console.log(`  100 B records from one producer (acks=1) ≥ ${fmt(TARGETS.producer100B)}/s: ${fmt(p100)}/s — ${verdict(p100 >= TARGETS.producer100B)}`);
  // A Produce request from librdkafka carries about 1 MiB, and the broker fsyncs once per group
  // commit round, so "fsync every 1 MiB" is the same-batch-size ceiling; the 16 MiB figure is
  // what larger group-commit rounds could reach.
  const perMiB = ceiling.find((c) => c.fsyncEveryMiB === 1)?.mbPerSec ?? NaN;
  const per16 = ceiling.find((c) => c.fsyncEveryMiB === 16)?.mbPerSec ?? NaN;
  for (const p of produced.filter((x) => x.acks === 'all')) {
    const ratio = p.mbPerSec / perMiB;
    console.log(`  acks=all ${String(p.size).padStart(4)} B ≥ ${TARGETS.acksAllOfCeiling * 100}% of the fsync'd ceiling: ${p.mbPerSec.toFixed(1)} MB/s = ` +
      `${(ratio * 100).toFixed(0)}% of fsync/1 MiB (${perMiB.toFixed(1)} MB/s), ${((p.mbPerSec / per16) * 100).toFixed(0)}% of fsync/16 MiB ` +
      `(${per16.toFixed(1)} MB/s) — ${verdict(ratio >= TARGETS.acksAllOfCeiling)}`);
  }
  const c = consumed[0] ?? 0;
  console.log(`  consumer ≥ ${fmt(TARGETS.consumer)} records/s (100 B): ${fmt(c)}/s — ${verdict(c >= TARGETS.consumer)}`);
}

/** Debian's python3, which sees python3-confluent-kafka (a pyenv python3 on PATH may not). */
function pythonPath(): string {
  return '/usr/bin/python3';
}

await main();
