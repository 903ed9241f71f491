// The cluster acceptance, with real processes against the bundled broker: three workers run a
// pipeline of eight tasks (datagen with 4 tasks → topic "orders" (4 partitions) → file sink with
// 4 tasks); a fourth worker joins and takes tasks over while the unaffected ones never stop
// (proved from the task lifecycle events in the status topic); a worker killed with SIGKILL has
// its tasks running elsewhere after the session timeout plus scheduled.rebalance.max.delay.ms;
// the sink file holds every generated record; every worker, leader or follower, answers alike.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { decodeInternal } from '../../../runtime/storage/internal-json.ts';
import { KafkaBasedLog } from '../../../runtime/storage/kafka-based-log.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import {
  TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, spread, waitFor, workerProps, type TaskStatus,
} from './cluster-support.ts';
import { kill9, spawnWorker, terminate, type WorkerProcess } from './worker-processes.ts';

const RECORDS = 6000;
const SESSION_MS = 3000;
const DELAY_MS = 3000;

let broker: TempBroker;
let dir: string;
let bootstrap: string;
let props: Record<string, string>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-cluster-e2e-'));
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  bootstrap = `127.0.0.1:${broker.broker.context.listeners[0].port}`;
  props = workerProps(bootstrap, { 'session.timeout.ms': String(SESSION_MS), 'scheduled.rebalance.max.delay.ms': String(DELAY_MS) });
  const admin = new KafkaClients({ 'bootstrap.servers': bootstrap }).admin('e2e');
  await admin.createTopic({ name: 'orders', partitions: 4, replicationFactor: 1 });
  await admin.close();
  for (let i = 1; i <= 3; i++) workers.push(await spawnWorker(dir, `worker-${i}`, props));
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => terminate(w)));
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const allTasks = async (url: string): Promise<Map<string, TaskStatus> | null> => {
  const [source, sink] = await Promise.all([runningTasks(url, 'datagen', 4), runningTasks(url, 'sink', 4)]);
  if (source === null || sink === null) return null;
  return new Map([...source.map((t) => [`datagen-${t.id}`, t] as const), ...sink.map((t) => [`sink-${t.id}`, t] as const)]);
};

type StatusEvent = { key: string; state: string; worker: string; partition: number; offset: number };

/** Every status record written so far, in order within each partition: the task lifecycle events. */
async function statusHistory(): Promise<StatusEvent[]> {
  const events: StatusEvent[] = [];
  const log = new KafkaBasedLog({
    topic: { name: 'connect-status', partitions: 3, replicationFactor: 1 }, clientId: 'e2e-status-reader',
    clients: new KafkaClients({ 'bootstrap.servers': bootstrap }),
    onRecord: (r) => {
      const value = decodeInternal(r.value) as Record<string, unknown> | null;
      if (value !== null) events.push({ key: r.key!.toString(), state: String(value.state), worker: String(value.worker_id), partition: r.partition, offset: r.offset });
    },
  });
  await log.start();
  await log.stop();
  return events;
}

test('three workers, eight tasks; a fourth joins; one is killed; no record lost; any worker answers alike', async () => {
  const sinkFile = join(dir, 'sink.txt');
  const source = datagenConnector('datagen', 'orders', 4, RECORDS, 30);
  const sink = { name: 'sink', config: { 'connector.class': 'FileStreamSink', topics: 'orders', file: sinkFile, 'tasks.max': '4' } };
  expect((await httpSettled('POST', `${workers[1].url}connectors`, source)).status).toBe(201);
  expect((await httpSettled('POST', `${workers[2].url}connectors`, sink)).status).toBe(201);
  const initial = await waitFor('8 tasks RUNNING', () => allTasks(workers[0].url), 30_000);
  expect(Object.values(spread([...initial.values()])).sort()).toEqual([2, 3, 3]);

  // A fourth worker: 2 tasks move to it, the 6 others keep running where they were.
  // The status topic has several partitions: "new" is per partition, by offset.
  const ends = new Map<number, number>();
  for (const e of await statusHistory()) ends.set(e.partition, Math.max(ends.get(e.partition) ?? -1, e.offset));
  workers.push(await spawnWorker(dir, 'worker-4', props));
  const joined = await waitFor('tasks spread over 4 workers', async () => {
    const t = await allTasks(workers[3].url);
    return t !== null && Object.keys(spread([...t.values()])).length === 4 ? t : null;
  }, 30_000);
  expect(Object.values(spread([...joined.values()])).sort()).toEqual([2, 2, 2, 2]);
  const moved = [...joined].filter(([key, t]) => initial.get(key)!.worker_id !== t.worker_id).map(([key]) => key);
  expect(moved).toHaveLength(2);
  const taskEvents = (await statusHistory())
    .filter((e) => e.offset > (ends.get(e.partition) ?? -1) && e.key.startsWith('status-task-'));
  const touched = new Set(taskEvents.map((e) => e.key.replace('status-task-', '')));
  // Lifecycle events during the join only concern the moved tasks (stopped on one worker, started on the new one).
  expect([...touched].sort()).toEqual([...moved].sort());
  for (const key of moved) {
    expect(taskEvents.filter((e) => e.key === `status-task-${key}`).map((e) => e.state)).toEqual(['UNASSIGNED', 'RUNNING']);
  }

  // kill -9 a follower (worker-1 joined first and stays the leader: the coordinator keeps a leader
  // that rejoins): its tasks are held for the delay, then run elsewhere.
  const victim = workers.splice(1, 1)[0];
  const victimTasks = [...joined].filter(([, t]) => t.worker_id === victim.id).map(([key]) => key);
  expect(victimTasks.length).toBeGreaterThan(0);
  const killedAt = Date.now();
  await kill9(victim);
  await waitFor('tasks of the killed worker RUNNING elsewhere', async () => {
    const t = await allTasks(workers[0].url);
    return t !== null && [...t.values()].every((x) => x.worker_id !== victim.id) ? t : null;
  }, SESSION_MS + DELAY_MS + 20_000);
  const recovery = Date.now() - killedAt;
  expect(recovery).toBeGreaterThanOrEqual(DELAY_MS);
  expect(recovery).toBeLessThan(SESSION_MS + DELAY_MS + 10_000);

  // Every generated order reaches the sink file (at least once).
  const ids = await waitFor('every record in the sink file', async () => {
    let text: string;
    try { text = readFileSync(sinkFile, 'utf8'); } catch { return null; }
    const seen = new Set([...text.matchAll(/orderid=(\d+)/g)].map((m) => Number(m[1])));
    return seen.size >= RECORDS ? seen : null;
  }, 90_000, 500);
  expect([...Array(RECORDS).keys()].filter((n) => !ids.has(n))).toEqual([]);

  // The same answers from every worker, leader or follower.
  const views = await Promise.all(workers.map((w) => http('GET', `${w.url}connectors?expand=status&expand=info`)));
  expect(views.map((v) => v.status)).toEqual([200, 200, 200]);
  for (const v of views.slice(1)) expect(v.body).toEqual(views[0].body);
  const taskStatus = await Promise.all(workers.map((w) => http('GET', `${w.url}connectors/sink/tasks/2/status`)));
  for (const v of taskStatus.slice(1)) expect(v).toEqual(taskStatus[0]);
  process.stdout.write(`cluster e2e: kill -9 to all tasks RUNNING elsewhere in ${recovery} ms\n`);
}, 240_000);
