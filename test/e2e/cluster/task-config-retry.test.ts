// A follower running a connector hands its task configs to the leader. When the leader refuses
// them for a while (a rebalance, a restart, an overload), the follower retries with backoff until
// the leader accepts: the tasks start without waiting for any further change.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { silentLogger } from '../../../logging/logger.ts';
import { startDistributedWorker, type DistributedWorker } from '../../../runtime/cluster/distributed-worker.ts';
import { HttpGate } from '../../support/http-gate.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, waitFor, workerProps } from './cluster-support.ts';

const CONNECTORS = ['a', 'b', 'c', 'd'];

let broker: TempBroker;
let gate: HttpGate;
let leader: DistributedWorker;
let follower: DistributedWorker;

beforeAll(async () => {
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  const props = workerProps(`127.0.0.1:${broker.broker.context.listeners[0].port}`);
  // The leader's advertised REST URL is the gate in front of it: every call the follower makes to it passes the gate.
  const leaderPort = await HttpGate.freePort();
  gate = await HttpGate.start(leaderPort);
  const leaderProps = { ...props, listeners: `http://127.0.0.1:${leaderPort}`, 'rest.advertised.host.name': '127.0.0.1', 'rest.advertised.port': String(gate.port) };
  leader = await startDistributedWorker(leaderProps, { logger: silentLogger() });
  await waitFor('the first worker leads', async () => leader.cluster.isLeader);
  follower = await startDistributedWorker(props, { logger: silentLogger() });
  await waitFor('both joined', async () => [leader, follower].every((w) => w.cluster.joined && !w.cluster.rebalancing));
}, 60_000);

afterAll(async () => {
  for (const w of [follower, leader]) await w?.stop().catch(() => undefined);
  await gate?.close();
  await broker?.stop();
}, 60_000);

test('task configs the leader refuses are submitted again until it accepts them', async () => {
  gate.refuse(/^POST \/connectors\/[^/]+\/tasks/, 500);
  for (const name of CONNECTORS) {
    expect((await httpSettled('POST', `${follower.url}connectors`, datagenConnector(name, `topic-${name}`, 1))).status).toBe(201);
  }
  const followerId = `${follower.url.hostname}:${follower.url.port}`;
  const onFollower = await waitFor('connectors placed', async () => {
    const statuses = await Promise.all(CONNECTORS.map((name) => http('GET', `${follower.url}connectors/${name}/status`)));
    if (statuses.some((s) => s.status !== 200 || s.body.connector.state !== 'RUNNING')) return null;
    return statuses.filter((s) => s.body.connector.worker_id === followerId).map((s) => s.body.name as string);
  });
  expect(onFollower.length).toBeGreaterThan(0);

  // Refused at least twice each: the first submission and a retry.
  await waitFor('retries', async () => gate.refused >= onFollower.length * 2, 20_000);
  for (const name of onFollower) expect((await http('GET', `${follower.url}connectors/${name}/status`)).body.tasks).toEqual([]);

  gate.admit();
  for (const name of CONNECTORS) await waitFor(`${name}'s task RUNNING`, () => runningTasks(follower.url.toString(), name, 1), 20_000);
}, 90_000);
