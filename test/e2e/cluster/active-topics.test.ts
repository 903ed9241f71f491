// KIP-558 active topics in a cluster: three in-process distributed workers against the bundled
// broker. A source connector with a task on every worker and a sink connector with one task:
// GET …/topics gives the same answer on every worker (the sink's topic is known on the two
// workers that do not run its task), reset on a follower empties it everywhere, a resumed task
// brings its topic back, and a deleted connector's records are tombstoned. The status topic holds
// Kafka's records, read here with a plain KafkaBasedLog.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { silentLogger } from '../../../logging/logger.ts';
import { startDistributedWorker, type DistributedWorker } from '../../../runtime/cluster/distributed-worker.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { KafkaBasedLog } from '../../../runtime/storage/kafka-based-log.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import {
  TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, spread, waitFor, workerProps,
} from './cluster-support.ts';

let broker: TempBroker;
let bootstrap: string;
let dir: string;
const workers: DistributedWorker[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'active-topics-'));
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  bootstrap = `127.0.0.1:${broker.broker.context.listeners[0].port}`;
  const props = workerProps(bootstrap);
  for (let i = 0; i < 3; i++) workers.push(await startDistributedWorker(props, { logger: silentLogger() }));
  await waitFor('every worker joined', async () => workers.every((w) => w.cluster.joined && !w.cluster.rebalancing));
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.stop().catch(() => undefined);
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const url = (i: number) => workers[i].url.toString();
const follower = () => workers.findIndex((w) => !w.cluster.isLeader);

/** GET …/topics on every worker, once all answer `topics`. */
async function everywhere(connector: string, topics: string[]): Promise<void> {
  await waitFor(`${connector} topics ${JSON.stringify(topics)} on every worker`, async () => {
    const answers = await Promise.all(workers.map((_, i) => http('GET', `${url(i)}connectors/${connector}/topics`)));
    return answers.every((a) => a.status === 200 && JSON.stringify(a.body) === JSON.stringify({ [connector]: { topics } }));
  });
}

/** The latest raw value of every `status-topic-*` key in the status topic (null: tombstone). */
async function topicRecords(): Promise<Map<string, string | null>> {
  const latest = new Map<string, string | null>();
  const log = new KafkaBasedLog({
    topic: { name: 'connect-status', partitions: 3, replicationFactor: 1 }, clientId: 'e2e-topic-records',
    clients: new KafkaClients({ 'bootstrap.servers': bootstrap }),
    onRecord: (r) => {
      const key = r.key!.toString();
      if (key.startsWith('status-topic-')) latest.set(key, r.value === null ? null : r.value.toString());
    },
  });
  await log.start();
  await log.stop();
  return latest;
}

async function states(connector: string): Promise<string[]> {
  const s = await http('GET', `${url(0)}connectors/${connector}/status`);
  return s.status === 200 ? [s.body.connector.state, ...s.body.tasks.map((t: { state: string }) => t.state)] : [];
}

test('a source with tasks on every worker and a one-task sink: every worker answers alike, from Kafka\'s records in the status topic', async () => {
  const started = Date.now();
  expect((await httpSettled('POST', `${url(follower())}connectors`, datagenConnector('clicks-src', 'clicks', 3))).status).toBe(201);
  // The source's tasks are placed before the sink exists, so they take one worker each.
  const tasks = await waitFor('3 source tasks RUNNING', () => runningTasks(url(0), 'clicks-src', 3));
  expect(Object.keys(spread(tasks))).toHaveLength(3);
  const sink = { name: 'clicks-snk', config: { 'connector.class': 'FileStreamSink', topics: 'clicks', file: join(dir, 'sink.txt'), 'tasks.max': '1' } };
  expect((await httpSettled('POST', `${url(follower())}connectors`, sink)).status).toBe(201);
  await waitFor('the sink task RUNNING', () => runningTasks(url(0), 'clicks-snk', 1));

  await everywhere('clicks-src', ['clicks']);
  // Its single task runs on one worker; the two others know the topic from the status topic.
  await everywhere('clicks-snk', ['clicks']);
  expect((await http('GET', `${url(1)}connectors/nobody/topics`)).body).toEqual({ nobody: { topics: [] } });

  const records = await topicRecords();
  expect([...records.keys()].sort()).toEqual(['status-topic-clicks:connector-clicks-snk', 'status-topic-clicks:connector-clicks-src']);
  for (const connector of ['clicks-src', 'clicks-snk']) {
    const raw = records.get(`status-topic-clicks:connector-${connector}`)!;
    const value = JSON.parse(raw) as { topic: Record<string, unknown> };
    expect(Object.keys(value)).toEqual(['topic']);
    expect(Object.keys(value.topic)).toEqual(['name', 'connector', 'task', 'discoverTimestamp']);
    expect(value.topic).toMatchObject({ name: 'clicks', connector });
    expect([0, 1, 2]).toContain(value.topic.task);
    expect(value.topic.discoverTimestamp).toBeGreaterThanOrEqual(started);
    expect(value.topic.discoverTimestamp).toBeLessThanOrEqual(Date.now());
  }
}, 90_000);

test('reset on a follower empties the set on every worker (tombstones); a resumed task brings its topic back', async () => {
  for (const c of ['clicks-src', 'clicks-snk']) expect((await httpSettled('PUT', `${url(follower())}connectors/${c}/pause`)).status).toBe(202);
  await waitFor('both paused', async () => [...await states('clicks-src'), ...await states('clicks-snk')].every((s) => s === 'PAUSED'));
  await new Promise((r) => setTimeout(r, 500)); // deliveries acknowledged before the pause have reported their topic

  for (const c of ['clicks-src', 'clicks-snk']) {
    const reset = await http('PUT', `${url(follower())}connectors/${c}/topics/reset`);
    expect(reset).toEqual({ status: 202, body: null });
  }
  await everywhere('clicks-src', []);
  await everywhere('clicks-snk', []);
  const records = await topicRecords();
  expect(records.get('status-topic-clicks:connector-clicks-src')).toBeNull();
  expect(records.get('status-topic-clicks:connector-clicks-snk')).toBeNull();

  // Paused tasks use no topic, so the set stays empty until the source runs again.
  await new Promise((r) => setTimeout(r, 500));
  await everywhere('clicks-src', []);
  expect((await httpSettled('PUT', `${url(follower())}connectors/clicks-src/resume`)).status).toBe(202);
  await everywhere('clicks-src', ['clicks']);
  await everywhere('clicks-snk', []);
}, 90_000);

test('deleting a connector tombstones its topic records once its tasks stopped', async () => {
  expect((await httpSettled('DELETE', `${url(follower())}connectors/clicks-src`)).status).toBe(204);
  await everywhere('clicks-src', []);
  await waitFor('the record tombstoned', async () => (await topicRecords()).get('status-topic-clicks:connector-clicks-src') === null);
  // Stays deleted: no stopping task wrote it again.
  await new Promise((r) => setTimeout(r, 1000));
  expect((await topicRecords()).get('status-topic-clicks:connector-clicks-src')).toBeNull();
  await everywhere('clicks-src', []);
}, 90_000);
