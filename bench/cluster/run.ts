// Cluster figures, with worker processes against the bundled broker:
// - join rebalance: a worker joins a cluster of N running 50 tasks; time from its READY until
//   the tasks are spread over N+1 workers and all RUNNING;
// - kill -9: a follower is killed; time until every task RUNNING elsewhere. Ceiling: the session
//   timeout (detection) plus scheduled.rebalance.max.delay.ms (here 0: the mechanics alone);
// - `npm start`: process spawn to the first REST 200.
// Usage: node bench/cluster/run.ts [--workers 3,6] [--tasks 50]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KafkaClients } from '../../runtime/kafka/kafka-clients.ts';
import { startTempBroker } from '../../test/support/temp-broker.ts';
import { TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, spread, waitFor, workerProps } from '../../test/e2e/cluster/cluster-support.ts';
import { kill9, spawnWorker, terminate, type WorkerProcess } from '../../test/e2e/cluster/worker-processes.ts';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '3,6' }, tasks: { type: 'string', default: '50' } } });
const TASKS = Number(values.tasks);
const SESSION_MS = 3000;

async function clusterRound(size: number): Promise<{ join: number; kill: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-cluster-'));
  const broker = await startTempBroker(TEST_BROKER_SETTINGS);
  const bootstrap = `127.0.0.1:${broker.broker.context.listeners[0].port}`;
  const props = workerProps(bootstrap, { 'session.timeout.ms': String(SESSION_MS), 'scheduled.rebalance.max.delay.ms': '0', 'offset.flush.interval.ms': '5000' });
  const admin = new KafkaClients({ 'bootstrap.servers': bootstrap }).admin('bench');
  await admin.createTopic({ name: 'bench', partitions: 1, replicationFactor: 1 });
  await admin.close();
  const workers: WorkerProcess[] = [];
  try {
    for (let i = 0; i < size; i++) workers.push(await spawnWorker(dir, `w${i}`, props));
    await httpSettled('POST', `${workers[0].url}connectors`, datagenConnector('bench', 'bench', TASKS, -1, 1000));
    await waitFor(`${TASKS} tasks RUNNING`, () => runningTasks(workers[0].url, 'bench', TASKS), 120_000, 100);

    const newcomer = await spawnWorker(dir, `w${size}`, props);
    workers.push(newcomer);
    const joinStart = Date.now();
    await waitFor('spread onto the newcomer', async () => {
      const t = await runningTasks(workers[0].url, 'bench', TASKS);
      return t !== null && (spread(t)[newcomer.id] ?? 0) >= Math.floor(TASKS / (size + 1));
    }, 120_000, 50);
    const join = Date.now() - joinStart;

    const victim = workers.splice(1, 1)[0];
    const killStart = Date.now();
    await kill9(victim);
    await waitFor('all RUNNING elsewhere', async () => {
      const t = await runningTasks(workers[0].url, 'bench', TASKS);
      return t !== null && t.every((x) => x.worker_id !== victim.id);
    }, 120_000, 50);
    return { join, kill: Date.now() - killStart };
  } finally {
    await Promise.all(workers.map((w) => terminate(w)));
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function npmStartToFirst200(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-start-'));
  const code = `import { startCommand } from ${JSON.stringify(join(process.cwd(), 'cli', 'start-command.ts'))};
    process.exit(await startCommand(['--kafka-port', '0', '--rest-port', '0', '--data-dir', ${JSON.stringify(dir)}]));`;
  const started = Date.now();
  const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'node'), ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const restUrl = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Connect REST API:\s+(\S+)/.exec(out);
        if (m !== null) resolve(m[1]);
      });
    });
    await waitFor('GET / = 200', async () => (await http('GET', `${restUrl}/`)).status === 200, 30_000, 10);
    return Date.now() - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`# cluster bench: ${TASKS} datagen tasks, session.timeout.ms=${SESSION_MS}, scheduled.rebalance.max.delay.ms=0`);
console.log('workers | join rebalance (ms) | kill -9 → all RUNNING (ms) | ceiling for kill (session timeout + delay)');
for (const size of values.workers.split(',').map(Number)) {
  const r = await clusterRound(size);
  console.log(`${String(size).padStart(7)} | ${String(r.join).padStart(19)} | ${String(r.kill).padStart(26)} | ${SESSION_MS} ms + 0`);
}
console.log(`npm start → first REST 200: ${await npmStartToFirst200()} ms (target < 2000 ms)`);
