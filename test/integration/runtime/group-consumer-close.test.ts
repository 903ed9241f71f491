// A sink consumer closed while its background rejoin is pending at the coordinator (what happens
// to sink tasks stopped during a rebalance, e.g. a worker shutting down while others come and go):
// the client gives that rejoin up with an 'error' event, which used to be unheard and so thrown,
// killing the worker process. Found by test/e2e/cluster/leader-kill.test.ts.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let clients: KafkaClients;
const uncaught: unknown[] = [];
const record = (error: unknown) => void uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', record);
  broker = await startTempBroker({ 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' });
  clients = new KafkaClients({ 'bootstrap.servers': `127.0.0.1:${broker.broker.port}` }, 'group-consumer-close');
  const admin = clients.admin('admin');
  await admin.createTopic({ name: 'close-topic', partitions: 4, replicationFactor: 1 });
  await admin.close();
});
afterAll(async () => {
  process.off('uncaughtException', record);
  await broker.stop();
});

test('close() while a background rejoin waits at the coordinator: no uncaught error, the group moves on', async () => {
  const settings = { groupId: 'close-group', topics: ['close-topic'], sessionTimeoutMs: 3000, rebalanceTimeoutMs: 3000 };
  // `quick` notices the rebalance at once and rejoins; `slow` heartbeats rarely, so that rejoin
  // stays pending at the coordinator while `quick` is closed.
  const quick = clients.groupConsumer('quick', { ...settings, heartbeatIntervalMs: 20 });
  await quick.subscribe();
  const slow = clients.groupConsumer('slow', { ...settings, heartbeatIntervalMs: 1000 });
  await slow.subscribe();
  const joiner = clients.groupConsumer('joiner', { ...settings, heartbeatIntervalMs: 1000 });
  const joined = joiner.subscribe();
  await new Promise((r) => setTimeout(r, 300));
  await quick.close();
  await joined;
  // The two remaining members share the four partitions.
  const deadline = Date.now() + 10_000;
  while (slow.assignment().length + joiner.assignment().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(slow.assignment().length + joiner.assignment().length).toBe(4);
  await Promise.all([slow.close(), joiner.close()]);
  expect(uncaught).toEqual([]);
}, 30_000);
