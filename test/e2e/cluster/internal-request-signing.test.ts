// Signed internal requests (KIP-507, connect.protocol=sessioned) between real workers: the leader
// writes Kafka's session-key record to the config topic and rotates it every
// inter.worker.key.ttl.ms; followers' task configs pass with the current key across rotations;
// the internal endpoint answers an unsigned request 400 and a wrongly signed one 403.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { silentLogger } from '../../../logging/logger.ts';
import { startDistributedWorker, type DistributedWorker } from '../../../runtime/cluster/distributed-worker.ts';
import { newSessionKey, signatureHeaders } from '../../../runtime/cluster/request-signing.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { decodeInternal } from '../../../runtime/storage/internal-json.ts';
import { KafkaBasedLog } from '../../../runtime/storage/kafka-based-log.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { TEST_BROKER_SETTINGS, datagenConnector, http, httpSettled, runningTasks, waitFor, workerProps } from './cluster-support.ts';

const KEY_TTL_MS = 1500;

let broker: TempBroker;
let bootstrap: string;
const workers: DistributedWorker[] = [];

beforeAll(async () => {
  broker = await startTempBroker(TEST_BROKER_SETTINGS);
  bootstrap = `127.0.0.1:${broker.broker.context.listeners[0].port}`;
  const props = workerProps(bootstrap, { 'inter.worker.key.ttl.ms': String(KEY_TTL_MS) });
  for (let i = 0; i < 2; i++) workers.push(await startDistributedWorker(props, { logger: silentLogger() }));
  await waitFor('both joined', async () => workers.every((w) => w.cluster.joined && !w.cluster.rebalancing));
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.stop().catch(() => undefined);
  await broker?.stop();
}, 60_000);

type SessionKeyRecord = { key: string; algorithm: string; 'creation-timestamp': number };

/** The session-key records in the config topic, oldest first, read as any Kafka client would. */
async function sessionKeys(): Promise<SessionKeyRecord[]> {
  const keys: SessionKeyRecord[] = [];
  const log = new KafkaBasedLog({
    topic: { name: 'connect-configs', partitions: 1, replicationFactor: 1 }, clientId: 'e2e-config-reader',
    clients: new KafkaClients({ 'bootstrap.servers': bootstrap }),
    onRecord: (r) => { if (r.key?.toString() === 'session-key') keys.push(decodeInternal(r.value) as SessionKeyRecord); },
  });
  await log.start();
  await log.stop();
  return keys;
}

test('the leader rotates the session key; followers keep handing over task configs signed with it', async () => {
  const rotated = await waitFor('two rotations', async () => {
    const keys = await sessionKeys();
    return keys.length >= 3 ? keys : null;
  }, 20_000, 500);
  for (const k of rotated) {
    expect(k.algorithm).toBe('HmacSHA256');
    expect(Buffer.from(k.key, 'base64')).toHaveLength(32);
  }
  expect(new Set(rotated.map((k) => k.key)).size).toBe(rotated.length);
  expect(rotated[1]['creation-timestamp'] - rotated[0]['creation-timestamp']).toBeGreaterThanOrEqual(KEY_TTL_MS);

  // Connectors created now land on both workers; the follower's task configs reach the leader signed.
  for (const name of ['one', 'two', 'three']) {
    expect((await httpSettled('POST', `${workers[1].url}connectors`, datagenConnector(name, name, 2))).status).toBe(201);
  }
  const owners = new Set<string>();
  for (const name of ['one', 'two', 'three']) {
    await waitFor(`${name} RUNNING`, () => runningTasks(workers[0].url.toString(), name, 2));
    owners.add((await http('GET', `${workers[0].url}connectors/${name}/status`)).body.connector.worker_id);
  }
  expect(owners.size).toBe(2);
}, 60_000);

test("the leader's internal endpoint: unsigned 400, wrongly signed 403, signed with the session key 204", async () => {
  const leader = workers.find((w) => w.cluster.isLeader)!;
  const endpoint = `${leader.url}connectors/one/tasks?forward=false`;
  const body = JSON.stringify((await http('GET', `${leader.url}connectors/one/tasks`)).body.map((t: { config: object }) => t.config));
  const post = async (headers: Record<string, string>) => {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };

  expect(await post({})).toEqual({ status: 400, body: { error_code: 400, message: 'Internal request missing required signature' } });
  expect(await post(signatureHeaders(newSessionKey('HmacSHA256', null), 'HmacSHA256', body)))
    .toEqual({ status: 403, body: { error_code: 403, message: 'Internal request contained invalid signature.' } });
  const unsupported = await post(signatureHeaders(newSessionKey('HmacSHA512', null), 'HmacSHA512', body));
  expect(unsupported.status).toBe(400);
  expect(unsupported.body.message).toMatch(/does not support the 'HmacSHA512' key signing algorithm/);

  // Signed with the key in the config topic (retried across a rotation between reading and posting).
  const accepted = await waitFor('accepted', async () => {
    const keys = await sessionKeys();
    const last = keys[keys.length - 1];
    const answer = await post(signatureHeaders({ key: last.key, algorithm: last.algorithm, creationTimestamp: last['creation-timestamp'] }, 'HmacSHA256', body));
    return answer.status === 204 ? answer : null;
  }, 20_000);
  expect(accepted).toEqual({ status: 204, body: null });
}, 60_000);
