// Three distributed workers in one process against the bundled broker: leader election through
// the group coordinator, writes forwarded to the leader, the same answers from every worker,
// tasks spread over the workers, a graceful leave moving work at once.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { silentLogger } from '../../../logging/logger.ts';
import { startDistributedWorker, type DistributedWorker } from '../../../runtime/cluster/distributed-worker.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import {
  TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, spread, waitFor, workerProps,
} from './cluster-support.ts';

let broker: TempBroker;
const workers: DistributedWorker[] = [];

beforeAll(async () => {
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  const bootstrap = `127.0.0.1:${broker.broker.context.listeners[0].port}`;
  // A long delay for lost work: the graceful-leave check below must not be explained by it.
  const props = workerProps(bootstrap, { 'scheduled.rebalance.max.delay.ms': '60000' });
  for (let i = 0; i < 3; i++) workers.push(await startDistributedWorker(props, { logger: silentLogger() }));
  await waitFor('every worker joined', async () => workers.every((w) => w.cluster.joined && !w.cluster.rebalancing));
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.stop().catch(() => undefined);
  await broker?.stop();
}, 60_000);

const url = (i: number) => workers[i].url.toString();

test('one leader; a create on a follower is forwarded to it and every worker answers alike', async () => {
  const leaders = workers.filter((w) => w.cluster.isLeader);
  expect(leaders).toHaveLength(1);
  const follower = workers.findIndex((w) => !w.cluster.isLeader);

  const created = await httpSettled('POST', `${url(follower)}connectors`, datagenConnector('orders', 'orders', 6));
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: 'orders', config: { 'connector.class': 'Datagen', name: 'orders' }, type: 'source' });

  const tasks = await waitFor('6 tasks RUNNING', () => runningTasks(url(0), 'orders', 6));
  // Spread over the three workers, two each.
  expect(Object.values(spread(tasks)).sort()).toEqual([2, 2, 2]);

  const answers = await Promise.all(workers.map((_, i) => http('GET', `${url(i)}connectors?expand=info`)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  expect(answers[1].body).toEqual(answers[0].body);
  expect(answers[2].body).toEqual(answers[0].body);
  expect(answers[0].body.orders.info.tasks).toHaveLength(6);

  const duplicate = await httpSettled('POST', `${url(follower)}connectors`, datagenConnector('orders', 'orders', 6));
  expect(duplicate).toEqual({ status: 409, body: { error_code: 409, message: 'Connector orders already exists' } });
}, 60_000);

test('pause and resume from a follower reach every task wherever it runs', async () => {
  const follower = workers.findIndex((w) => !w.cluster.isLeader);
  expect((await httpSettled('PUT', `${url(follower)}connectors/orders/pause`)).status).toBe(202);
  await waitFor('all paused', async () => {
    const s = await http('GET', `${url(0)}connectors/orders/status`);
    return s.body.connector.state === 'PAUSED' && s.body.tasks.length === 6 && s.body.tasks.every((t: { state: string }) => t.state === 'PAUSED');
  });
  expect((await httpSettled('PUT', `${url(follower)}connectors/orders/resume`)).status).toBe(202);
  await waitFor('all running again', () => runningTasks(url(2), 'orders', 6));
}, 60_000);

test('a worker that stops gracefully hands its tasks over at once (not after the 60 s delay)', async () => {
  const leaving = workers.findIndex((w) => !w.cluster.isLeader);
  const leavingId = `${workers[leaving].url.hostname}:${workers[leaving].url.port}`;
  const [gone] = workers.splice(leaving, 1);
  const started = Date.now();
  await gone.stop();
  const tasks = await waitFor('tasks back to RUNNING on the two workers left', async () => {
    const t = await runningTasks(url(0), 'orders', 6);
    return t !== null && t.every((x) => x.worker_id !== leavingId) ? t : null;
  }, 20_000);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(Object.values(spread(tasks)).sort()).toEqual([3, 3]);
}, 60_000);

test('delete from a follower removes the connector and its statuses everywhere', async () => {
  const follower = workers.findIndex((w) => !w.cluster.isLeader);
  expect((await httpSettled('DELETE', `${url(follower)}connectors/orders`)).status).toBe(204);
  await waitFor('gone on every worker', async () => {
    const lists = await Promise.all(workers.map((_, i) => http('GET', `${url(i)}connectors`)));
    return lists.every((l) => l.status === 200 && l.body.length === 0);
  });
  await waitFor('status gone', async () => (await http('GET', `${url(0)}connectors/orders/status`)).status === 404);
}, 60_000);
