// A worker that loses its broker, with real processes over TCP: one worker process runs datagen
// (2 tasks) → topic "orders" → FileStreamSink (2 tasks) against a broker process; the broker is
// killed (SIGKILL) mid-stream. The worker stays up, GET / still answers 200, and requests that
// need the cluster answer promptly with 500 and a message naming the lost cluster; GET /health
// says unhealthy. The broker is restarted on the same port and data directory: without a restart
// of the worker, REST answers 200 again, both connectors and their tasks are RUNNING, a new
// connector can be created, and every generated record reaches the sink file (none lost).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { TEST_BROKER_SETTINGS, datagenConnector, httpSettled, runningTasks, waitFor, workerProps, type HttpResult } from './cluster-support.ts';
import { spawnWorker, terminate, type WorkerProcess } from './worker-processes.ts';

const RECORDS = 3000;
/** A request that needs the cluster must be answered well within this while the broker is away. */
const PROMPT_MS = 5000;

let dir: string;
let dataDir: string;
let broker: BrokerProcess;
let bootstrap: string;
let worker: WorkerProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-broker-loss-'));
  dataDir = join(dir, 'broker-data');
  broker = await startBrokerProcess(dataDir, TEST_BROKER_SETTINGS);
  bootstrap = `127.0.0.1:${broker.port}`;
  const admin = new KafkaClients({ 'bootstrap.servers': bootstrap }).admin('e2e');
  await admin.createTopic({ name: 'orders', partitions: 2, replicationFactor: 1 });
  await admin.close();
  worker = await spawnWorker(dir, 'worker', workerProps(bootstrap));
}, 60_000);

afterAll(async () => {
  if (worker !== undefined) await terminate(worker);
  if (broker !== undefined && broker.child.exitCode === null && broker.child.signalCode === null) {
    broker.child.kill('SIGKILL');
    await broker.exited;
  }
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** One REST call that must not hang: answered within PROMPT_MS or the test fails. */
async function promptCall(method: string, path: string, body?: unknown): Promise<HttpResult & { ms: number }> {
  const started = Date.now();
  const response = await fetch(`${worker.url}${path}`, {
    method, signal: AbortSignal.timeout(PROMPT_MS),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text), ms: Date.now() - started };
}

function workerLog(): Array<{ level: number; msg: string }> {
  return readFileSync(join(dir, 'worker.log'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { level: number; msg: string });
}

function sinkIds(file: string): Set<number> {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return new Set(); }
  return new Set([...text.matchAll(/orderid=(\d+)/g)].map((m) => Number(m[1])));
}

test('REST answers a clear 500 while the broker is away; the worker recovers without restart and loses no record', async () => {
  const sinkFile = join(dir, 'sink.txt');
  expect((await httpSettled('POST', `${worker.url}connectors`, datagenConnector('datagen', 'orders', 2, RECORDS, 20))).status).toBe(201);
  const sink = { name: 'sink', config: { 'connector.class': 'FileStreamSink', topics: 'orders', file: sinkFile, 'tasks.max': '2' } };
  expect((await httpSettled('POST', `${worker.url}connectors`, sink)).status).toBe(201);
  await waitFor('the pipeline flowing', async () => sinkIds(sinkFile).size >= 300, 30_000);

  broker.child.kill('SIGKILL');
  await broker.exited;
  const lost = new RegExp(`lost contact with the Kafka cluster at ${bootstrap.replace(/\./g, '\\.')}`);
  // Within about a heartbeat the worker knows; from then on requests fail at once, saying why.
  await waitFor('the worker noticing the loss', async () => {
    const r = await promptCall('GET', 'connectors');
    return r.status === 500 && lost.test(String(r.body?.message));
  }, 15_000);
  const root = await promptCall('GET', '');
  expect(root.status).toBe(200);
  expect(root.body.version).toEqual(expect.any(String));
  for (const [method, path, body] of [
    ['GET', 'connectors', undefined], ['GET', 'connectors/datagen/status', undefined],
    ['GET', 'connectors/sink/config', undefined], ['POST', 'connectors', datagenConnector('late', 'orders', 1)],
  ] as const) {
    const r = await promptCall(method, path, body);
    expect({ method, path, status: r.status, error_code: r.body?.error_code }).toEqual({ method, path, status: 500, error_code: 500 });
    expect(r.body.message).toMatch(lost);
    expect(r.body.message).toMatch(/keeps retrying/);
  }
  const health = await promptCall('GET', 'health');
  expect(health.status).toBe(500);
  expect(health.body).toEqual({ status: 'unhealthy', message: expect.stringMatching(lost) });
  // Away long enough for every client's own retries to run out (a fetch gives up after about 3 s):
  // tasks must ride that out, not fail.
  await waitFor('the internal topic readers giving up a fetch', async () => workerLog().some((l) => l.msg === 'reading the internal topic failed; retrying'), 20_000);
  expect((await promptCall('GET', 'connectors/sink/status')).status).toBe(500);
  const idsWhileAway = sinkIds(sinkFile).size;

  broker = await startBrokerProcess(dataDir, { ...TEST_BROKER_SETTINGS, listeners: `PLAINTEXT://${bootstrap}` });
  expect(broker.port).toBe(Number(bootstrap.split(':')[1]));
  await waitFor('REST answering 200 again', async () => (await promptCall('GET', 'connectors')).status === 200, 30_000);
  await waitFor('both connectors and all tasks RUNNING', async () => {
    const [source, sinkTasks] = await Promise.all([runningTasks(worker.url, 'datagen', 2), runningTasks(worker.url, 'sink', 2)]);
    return source !== null && sinkTasks !== null;
  }, 30_000);
  const ids = await waitFor('every generated record in the sink file', async () => {
    const seen = sinkIds(sinkFile);
    return seen.size >= RECORDS ? seen : null;
  }, 60_000, 500);
  expect(ids.size).toBeGreaterThan(idsWhileAway);
  expect([...Array(RECORDS).keys()].filter((n) => !ids.has(n))).toEqual([]);
  expect((await httpSettled('POST', `${worker.url}connectors`, datagenConnector('after', 'orders', 1, 10))).status).toBe(201);

  // Still the same process, and it said what happened at WARN.
  expect(worker.child.exitCode).toBeNull();
  const log = workerLog();
  expect(log.some((l) => l.level === 40 && l.msg.startsWith(`Lost contact with the Kafka cluster at ${bootstrap}`))).toBe(true);
  expect(log.some((l) => l.msg === `Contact with the Kafka cluster at ${bootstrap} is back`)).toBe(true);
  expect(log.filter((l) => l.msg === 'task failed')).toEqual([]);
}, 150_000);
