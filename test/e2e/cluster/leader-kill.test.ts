// kill -9 of the leader, with real worker processes against the bundled broker: three workers run
// datagen (4 tasks) → topic "orders" → FileStreamSink (4 tasks); the leader (the first worker to
// join) is killed; a survivor becomes leader, every task runs on the survivors, REST writes through
// either survivor (create a connector, replace its config) succeed, and every generated record is
// in the sink file. As in Kafka, the new leader does not know the dead leader's assignment, so it
// does not hold that work for scheduled.rebalance.max.delay.ms: only a deadline is asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, waitFor, workerProps } from './cluster-support.ts';
import { stableGroupLeader } from './group-leader.ts';
import { kill9, spawnWorker, terminate, type WorkerProcess } from './worker-processes.ts';

const RECORDS = 3000;
const SESSION_MS = 2000;
const DELAY_MS = 2000;

let broker: TempBroker;
let dir: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-leader-kill-'));
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  const bootstrap = `127.0.0.1:${broker.broker.context.listeners[0].port}`;
  const admin = new KafkaClients({ 'bootstrap.servers': bootstrap }).admin('e2e');
  await admin.createTopic({ name: 'orders', partitions: 4, replicationFactor: 1 });
  await admin.close();
  const props = workerProps(bootstrap, { 'session.timeout.ms': String(SESSION_MS), 'scheduled.rebalance.max.delay.ms': String(DELAY_MS) });
  for (let i = 1; i <= 3; i++) workers.push(await spawnWorker(dir, `worker-${i}`, props));
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => terminate(w)));
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** The stable group's leader URL once it has `members` members. */
const leaderOf = (members: number): Promise<string> => waitFor(`a stable group of ${members}`, async () => {
  const group = stableGroupLeader(broker, 'connect-cluster');
  return group?.memberCount === members ? group.leaderUrl : null;
}, 30_000);

/** Order ids in a FileStreamSink file once all RECORDS are there (at least once). */
const allOrders = (file: string): Promise<Set<number>> => waitFor(`every record in ${file}`, async () => {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return null; }
  const seen = new Set([...text.matchAll(/orderid=(\d+)/g)].map((m) => Number(m[1])));
  return seen.size >= RECORDS ? seen : null;
}, 45_000, 500);

test('kill -9 of the leader: a new leader, its tasks run elsewhere, REST writes work, no record lost', async () => {
  const sinkFile = join(dir, 'sink.txt');
  const source = datagenConnector('datagen', 'orders', 4, RECORDS, 20);
  const sink = { name: 'sink', config: { 'connector.class': 'FileStreamSink', topics: 'orders', file: sinkFile, 'tasks.max': '4' } };
  expect((await httpSettled('POST', `${workers[1].url}connectors`, source)).status).toBe(201);
  expect((await httpSettled('POST', `${workers[2].url}connectors`, sink)).status).toBe(201);
  const tasks = async (url: string) => {
    const [s, k] = await Promise.all([runningTasks(url, 'datagen', 4), runningTasks(url, 'sink', 4)]);
    return s === null || k === null ? null : [...s, ...k];
  };
  await waitFor('8 tasks RUNNING', () => tasks(workers[0].url), 30_000);

  // The coordinator makes the first member to join the leader; worker-1 joined first.
  const leaderUrl = await leaderOf(3);
  expect(leaderUrl).toBe(workers[0].url);
  const [leader] = workers.splice(0, 1);
  const killedAt = Date.now();
  await kill9(leader);

  // A write sent at once, while the survivors still name the dead leader: a client retries a 5xx
  // (the forward to the dead leader fails) or a 409 (rebalance) until the new leader takes it.
  const sink2File = join(dir, 'sink-2.txt');
  const sink2 = { 'connector.class': 'FileStreamSink', topics: 'orders', file: sink2File, 'tasks.max': '2' };
  const answers: string[] = [];
  const created = await waitFor('sink-2 created through a survivor', async () => {
    const r = await http('POST', `${workers[0].url}connectors`, { name: 'sink-2', config: sink2 });
    answers.push(`${r.status} ${r.body?.message ?? ''}`.trim());
    return r.status === 409 || r.status >= 500 ? null : r;
  }, SESSION_MS + 30_000, 250);
  expect(created.status).toBe(201);

  const newLeaderUrl = await leaderOf(2);
  expect(workers.map((w) => w.url)).toContain(newLeaderUrl);
  const moved = await waitFor('all tasks RUNNING on the survivors', async () => {
    const t = await tasks(workers[0].url);
    return t !== null && t.every((x) => x.worker_id !== leader.id) ? t : null;
  }, SESSION_MS + DELAY_MS + 20_000);
  const recovery = Date.now() - killedAt;
  expect(new Set(moved.map((t) => t.worker_id))).toEqual(new Set(workers.map((w) => w.id)));

  // Writes through either survivor: the follower forwards to the new leader, which writes.
  const follower = workers.find((w) => w.url !== newLeaderUrl)!;
  const newLeader = workers.find((w) => w.url === newLeaderUrl)!;
  for (const [w, tasksMax] of [[follower, '1'], [newLeader, '3']] as const) {
    expect((await httpSettled('PUT', `${w.url}connectors/sink-2/config`, { ...sink2, 'tasks.max': tasksMax })).status).toBe(200);
  }
  const expected = { ...sink2, 'tasks.max': '3', name: 'sink-2' };
  for (const w of workers) expect((await http('GET', `${w.url}connectors/sink-2/config`)).body).toEqual(expected);
  await waitFor('sink-2 with 3 tasks RUNNING', () => runningTasks(follower.url, 'sink-2', 3), 30_000);

  // At least once: every generated order is in both sink files.
  for (const file of [sinkFile, sink2File]) {
    const ids = await allOrders(file);
    expect([...Array(RECORDS).keys()].filter((n) => !ids.has(n))).toEqual([]);
  }
  process.stdout.write(`leader kill e2e: all tasks RUNNING on the survivors ${recovery} ms after kill -9; answers to the first write: ${[...new Set(answers)].map((a) => `${answers.filter((x) => x === a).length}× ${a}`).join(', ')}\n`);
}, 120_000);
