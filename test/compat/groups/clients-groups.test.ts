// Group consumers of other clients: kafka-python and kafkajs consume a topic through the group
// coordinator (join, sync, fetch committed offsets, commit), and a Kafka Connect–style group —
// protocol type `connect` with arbitrary metadata and assignment bytes — round-trips through
// @platformatic/kafka's low-level API, as the worker cluster will use it.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { Connection, findCoordinatorV6, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { produce } from '../../support/wire-calls.ts';
import { createTopicDirectly, runJsonLines, startCompatBroker, systemPython, compatDir, topicName, type CompatBroker } from '../harness.ts';

let broker: CompatBroker;
beforeAll(async () => {
  broker = await startCompatBroker({ 'group.initial.rebalance.delay.ms': '0', 'offsets.topic.num.partitions': '5' });
});
afterAll(async () => {
  await broker.stop();
});

async function topicWith(prefix: string, partitions: number, perPartition: number): Promise<string> {
  const topic = topicName(prefix);
  await createTopicDirectly(broker, topic, partitions);
  const c = await WireClient.connect(broker.port);
  for (let p = 0; p < partitions; p++) {
    await produce(c, topic, p, encodeBatch(Array.from({ length: perPartition }, (_, i) => ({ value: Buffer.from(`p${p}-${i}`) }))));
  }
  c.close();
  return topic;
}

test('kafka-python consumes a topic in a group and commits; a second run of the group resumes after the commit', async () => {
  const topic = await topicWith('kp-group', 2, 3);
  const script = join(compatDir, 'groups', 'kafka_python_group_consumer.py');
  type Output = { messages: { partition: number; offset: number; value: string }[]; committed: Record<string, number> };
  const [first] = await runJsonLines<Output>(systemPython, [script, broker.bootstrap, 'kp', topic, '6'], { timeoutMs: 40_000 });
  expect(first.messages.map((m) => m.value).sort()).toEqual(['p0-0', 'p0-1', 'p0-2', 'p1-0', 'p1-1', 'p1-2']);
  expect(first.committed).toEqual({ 0: 3, 1: 3 });

  const c = await WireClient.connect(broker.port);
  await produce(c, topic, 1, encodeBatch([{ value: Buffer.from('later') }]));
  c.close();
  const [second] = await runJsonLines<Output>(systemPython, [script, broker.bootstrap, 'kp', topic, '1'], { timeoutMs: 40_000 });
  expect(second.messages).toEqual([{ partition: 1, offset: 3, value: 'later' }]);
}, 90_000);

test('kafkajs consumes a topic in a group and commits its offsets', async () => {
  const topic = await topicWith('kjs-group', 3, 2);
  const kafka = new Kafka({ clientId: 'compat-kafkajs-group', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: 'kjs', sessionTimeout: 6000, heartbeatInterval: 500 });
  const seen: string[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
        if (seen.length === 6) resolve();
      } }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  expect(seen.sort()).toEqual(['p0-0', 'p0-1', 'p1-0', 'p1-1', 'p2-0', 'p2-1']);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchOffsets({ groupId: 'kjs', topics: [topic] });
    expect(offsets[0].partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([[0, '2'], [1, '2'], [2, '2']]);
  } finally {
    await admin.disconnect();
  }
}, 60_000);

test('a `connect` protocol group: opaque metadata and assignments round-trip through @platformatic/kafka', async () => {
  const open = async (clientId: string) => {
    const c = new Connection(clientId);
    await c.connect('127.0.0.1', broker.port);
    return c;
  };
  const [w1, w2] = [await open('worker-1'), await open('worker-2')];
  try {
    const found = await findCoordinatorV6.api.async(w1, 0, ['connect-cluster']);
    expect(found.coordinators[0]).toMatchObject({ key: 'connect-cluster', nodeId: 1, port: broker.port, errorCode: 0 });

    const metadata = (url: string) => Buffer.from(JSON.stringify({ url, configOffset: 7 }));
    const joinAs = async (c: Connection, memberId: string, url: string) => joinGroupV9.api.async(c, 'connect-cluster', 10_000, 10_000, memberId, null, 'connect',
      [{ name: 'sessioned', metadata: metadata(url) }, { name: 'compatible', metadata: metadata(url) }]);
    const requireMemberId = async (c: Connection, url: string) => {
      try {
        await joinAs(c, '', url);
      } catch (err) {
        const response = (err as { response?: { errorCode: number; memberId: string } }).response;
        expect(response?.errorCode).toBe(79); // MEMBER_ID_REQUIRED
        return response!.memberId;
      }
      throw new Error('expected MEMBER_ID_REQUIRED');
    };
    const id1 = await requireMemberId(w1, 'http://w1:8083');
    const first = await joinAs(w1, id1, 'http://w1:8083');
    expect(first).toMatchObject({ generationId: 1, protocolType: 'connect', protocolName: 'sessioned', leader: id1 });

    const id2 = await requireMemberId(w2, 'http://w2:8083');
    const w2Join = joinAs(w2, id2, 'http://w2:8083');
    const [again, second] = await Promise.all([joinAs(w1, id1, 'http://w1:8083'), w2Join]);
    expect(again.generationId).toBe(2);
    expect(second.generationId).toBe(2);
    expect(again.members.map((m) => JSON.parse(m.metadata.toString()).url).sort()).toEqual(['http://w1:8083', 'http://w2:8083']);

    const assignment = (tasks: string[]) => Buffer.from(JSON.stringify({ version: 1, tasks }));
    const followerSync = syncGroupV5.api.async(w2, 'connect-cluster', 2, id2, null, 'connect', 'sessioned', []);
    const leaderSync = await syncGroupV5.api.async(w1, 'connect-cluster', 2, id1, null, 'connect', 'sessioned', [
      { memberId: id1, assignment: assignment(['s3-sink-0']) }, { memberId: id2, assignment: assignment(['pg-source-0', 's3-sink-1']) },
    ]);
    expect(JSON.parse(leaderSync.assignment.toString()).tasks).toEqual(['s3-sink-0']);
    const follower = await followerSync;
    expect(follower.protocolType).toBe('connect');
    expect(JSON.parse(follower.assignment.toString()).tasks).toEqual(['pg-source-0', 's3-sink-1']);
    await heartbeatV4.api.async(w2, 'connect-cluster', 2, id2, null);
    const left = await leaveGroupV5.api.async(w2, 'connect-cluster', [{ memberId: id2, groupInstanceId: null, reason: 'shutdown' }]);
    expect(left.members[0].errorCode).toBe(0);
  } finally {
    await Promise.all([w1.close(), w2.close()]);
  }
});
