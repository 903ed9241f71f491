// Cluster-scoped log levels (KIP-976) with real worker processes: `PUT /admin/loggers/{name}?scope=cluster`
// on a follower writes a `logger-cluster-<name>` record to the config topic and every running worker
// applies it. As in Kafka, a worker started afterwards does not replay earlier cluster levels (dynamic
// levels are not persisted state), but it applies the ones written while it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { TEST_BROKER_SETTINGS, http, waitFor, workerProps } from './cluster-support.ts';
import { stableGroupLeader } from './group-leader.ts';
import { spawnWorker, terminate, type WorkerProcess } from './worker-processes.ts';

const LOGGER = 'io.tributary.e2e.levels';

let broker: TempBroker;
let dir: string;
let props: Record<string, string>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-cluster-loggers-'));
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  props = workerProps(`127.0.0.1:${broker.broker.context.listeners[0].port}`);
  for (let i = 1; i <= 3; i++) workers.push(await spawnWorker(dir, `worker-${i}`, props));
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => terminate(w)));
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** The level every given worker reports for LOGGER, once they all report `level`. */
function allAt(ws: readonly WorkerProcess[], level: string): Promise<boolean> {
  return waitFor(`${LOGGER}=${level} on ${ws.length} workers`, async () => {
    const answers = await Promise.all(ws.map((w) => http('GET', `${w.url}admin/loggers/${LOGGER}`)));
    return answers.every((a) => a.status === 200 && a.body.level === level);
  }, 15_000);
}

test('scope=cluster on a follower reaches every worker; a later worker gets only levels set after it started', async () => {
  const group = await waitFor('a stable group of 3', async () => {
    const g = stableGroupLeader(broker, 'connect-cluster');
    return g?.memberCount === 3 ? g : null;
  });
  const follower = workers.find((w) => w.url !== group.leaderUrl)!;
  expect(workers.map((w) => w.url)).toContain(group.leaderUrl);

  const put = await http('PUT', `${follower.url}admin/loggers/${LOGGER}?scope=cluster`, { level: 'debug' });
  expect(put).toEqual({ status: 204, body: null });
  await allAt(workers, 'DEBUG');
  // The writer applied it before answering (it reads its own record back before the 204).
  const own = await http('GET', `${follower.url}admin/loggers/${LOGGER}`);
  expect(own.body.last_modified).toEqual(expect.any(Number));

  // A worker that starts now keeps its configured levels: the earlier record is history to it.
  const late = await spawnWorker(dir, 'worker-4', props);
  workers.push(late);
  expect((await http('GET', `${late.url}admin/loggers/${LOGGER}`)).status).toBe(404);

  // A level set through the newcomer, while it runs, reaches all four.
  expect((await http('PUT', `${late.url}admin/loggers/${LOGGER}?scope=cluster`, { level: 'WARN' })).status).toBe(204);
  await allAt(workers, 'WARN');

  // scope=worker (the default) still changes only the worker that receives it.
  const one = await http('PUT', `${workers[0].url}admin/loggers/${LOGGER}`, { level: 'ERROR' });
  expect(one).toEqual({ status: 200, body: [LOGGER] });
  const levels = await Promise.all(workers.map(async (w) => (await http('GET', `${w.url}admin/loggers/${LOGGER}`)).body.level));
  expect(levels).toEqual(['ERROR', 'WARN', 'WARN', 'WARN']);
}, 60_000);
