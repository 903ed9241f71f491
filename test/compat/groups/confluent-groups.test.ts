// librdkafka consumer groups (confluent-kafka-python 1.7.0 / librdkafka 2.0.2) against the bundled
// broker: three members share a 6-partition topic, a SIGKILLed member's partitions move after its
// session timeout, a newcomer triggers a rebalance, and committed offsets survive a broker restart.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, produce } from '../../support/wire-calls.ts';
import { compatDir, systemPython } from '../harness.ts';
import { ConsumerProcess } from './consumer-process.ts';

const TOPIC = 'shared';
const PARTITIONS = 6;
const SESSION_MS = 2000;
let broker: TempBroker;
const running: ConsumerProcess[] = [];

beforeAll(async () => {
  broker = await startTempBroker({ 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '1000', 'offsets.topic.num.partitions': '5' });
  const c = await WireClient.connect(broker.broker.port);
  await createTopic(c, TOPIC, PARTITIONS);
  c.close();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.kill()));
  await broker.stop();
});

function consumer(name: string): ConsumerProcess {
  const config = {
    'bootstrap.servers': `127.0.0.1:${broker.broker.port}`, 'group.id': 'librdkafka-group', 'client.id': name,
    'session.timeout.ms': SESSION_MS, 'heartbeat.interval.ms': 300, 'auto.offset.reset': 'earliest', 'enable.auto.commit': false,
    'partition.assignment.strategy': 'range', 'topic.metadata.refresh.interval.ms': 1000,
  };
  const p = new ConsumerProcess(name, systemPython, [join(compatDir, 'groups', 'confluent_group_consumer.py'), JSON.stringify(config), TOPIC]);
  running.push(p);
  return p;
}

/** Every partition assigned exactly once, evenly, over these members. */
function balanced(members: ConsumerProcess[]): boolean {
  const all = members.flatMap((m) => m.assignment).sort((a, b) => a - b);
  return all.length === PARTITIONS && all.every((p, i) => p === i) && members.every((m) => m.assignment.length === PARTITIONS / members.length);
}

async function produceEach(label: string): Promise<void> {
  const c = await WireClient.connect(broker.broker.port);
  for (let p = 0; p < PARTITIONS; p++) expect((await produce(c, TOPIC, p, encodeBatch([{ value: Buffer.from(`${label}-p${p}`) }]))).errorCode).toBe(0);
  c.close();
}

test('members share partitions, a killed member is replaced after its session timeout, a newcomer rebalances, offsets survive a restart', async () => {
  const [a, b, c] = [consumer('a'), consumer('b'), consumer('c')];
  await ConsumerProcess.waitFor([a, b, c], () => balanced([a, b, c]), 30_000, 'three members with two partitions each');

  await produceEach('first');
  await ConsumerProcess.waitFor([a, b, c], () => a.messages.length + b.messages.length + c.messages.length === PARTITIONS, 15_000, 'the first messages');

  const killedAt = Date.now();
  await c.kill();
  await ConsumerProcess.waitFor([a, b], () => balanced([a, b]), 20_000, 'the two survivors to take over the killed member\'s partitions');
  // No LeaveGroup was sent: only the broker's session expiry can have moved the partitions.
  expect(Date.now() - killedAt).toBeGreaterThanOrEqual(SESSION_MS - 500);

  const d = consumer('d');
  await ConsumerProcess.waitFor([a, b, d], () => balanced([a, b, d]), 30_000, 'a rebalance that takes in the newcomer');

  await produceEach('second');
  await ConsumerProcess.waitFor([a, b, d], () => [a, b, d].reduce((n, m) => n + m.messages.filter((e) => e.value?.startsWith('second')).length, 0) === PARTITIONS,
    15_000, 'the second messages');
  await Promise.all([a.stop(), b.stop(), d.stop()]);

  await broker.restart();
  const e = consumer('e');
  await ConsumerProcess.waitFor([e], () => e.assignment.length === PARTITIONS, 30_000, 'a lone member after the restart');
  await produceEach('third');
  await ConsumerProcess.waitFor([e], () => e.messages.length >= PARTITIONS, 15_000, 'the third messages');
  // Resumed from the committed offsets: nothing consumed before the restart comes again.
  expect(e.messages.map((m) => m.value!.split('-')[0])).toEqual(Array(PARTITIONS).fill('third'));
  expect(e.messages.every((m) => m.offset === 2)).toBe(true);
  await e.stop();
}, 150_000);
