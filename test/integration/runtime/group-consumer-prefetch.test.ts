// The sink consumer fetches the next round while the task works on the last one. Records of that
// round are handed out only where nothing moved the partition meanwhile: a pause, a seek or a
// revocation in between drops them (they are fetched again from the partition's position), so
// positions stay exact — no record skipped, none handed out twice, none of a partition this
// member no longer owns. Real broker; one record batch per send, at most one batch per partition per fetch (100 bytes).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { TopicPartition } from '../../../runtime/api/topic-partition.ts';
import type { GroupConsumer } from '../../../runtime/kafka/group-consumer.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import type { ConsumedRecord } from '../../../runtime/kafka/partition-fetcher.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let clients: KafkaClients;
const unhandled: unknown[] = [];
const record = (reason: unknown) => void unhandled.push(reason);

/** Each send awaited alone: a batch of one record, so a fetch of 100 bytes per partition returns one record. */
async function produce(topic: string, partitions: number, perPartition: number): Promise<void> {
  const admin = clients.admin('setup');
  await admin.createTopic({ name: topic, partitions, replicationFactor: 1 });
  await admin.close();
  const producer = clients.producer('setup');
  for (let i = 0; i < perPartition; i++) {
    for (let partition = 0; partition < partitions; partition++) await producer.send({ topic, partition, key: null, value: Buffer.from(`${partition}:${i}`) });
  }
  await producer.close();
}

function consumer(id: string, topic: string): GroupConsumer {
  return clients.groupConsumer(id, { groupId: `group-${topic}`, topics: [topic], partitionMaxBytes: 100, maxWaitMs: 50, heartbeatIntervalMs: 20, sessionTimeoutMs: 3000, rebalanceTimeoutMs: 3000 });
}

/** Polls until `count` records came (or 50 polls), keeping each record's partition and offset. */
async function pollRecords(c: GroupConsumer, count: number): Promise<ConsumedRecord[]> {
  const out: ConsumedRecord[] = [];
  for (let i = 0; i < 50 && out.length < count; i++) out.push(...await c.poll());
  return out;
}

const offsets = (records: readonly ConsumedRecord[], tp: TopicPartition) => records.filter((r) => r.partition === tp.partition).map((r) => r.offset);

beforeAll(async () => {
  process.on('unhandledRejection', record);
  broker = await startTempBroker({ 'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '500' });
  clients = new KafkaClients({ 'bootstrap.servers': `127.0.0.1:${broker.broker.port}` }, 'prefetch-test');
});
afterAll(async () => {
  process.off('unhandledRejection', record);
  await broker.stop();
  expect(unhandled).toEqual([]);
});

test('pause while the next round is in flight: nothing of the paused partition is handed out; after resume it continues at its position', async () => {
  await produce('prefetch-pause', 1, 6);
  const tp = { topic: 'prefetch-pause', partition: 0 };
  const c = consumer('pause', tp.topic);
  await c.subscribe();
  expect(offsets(await pollRecords(c, 1), tp)).toEqual([0]);
  // The round after offset 0 is in flight (or already back) now.
  c.pause(tp);
  expect(await c.poll()).toEqual([]);
  expect(await c.poll()).toEqual([]);
  expect(c.position(tp)).toBe(1);
  c.resume(tp);
  expect(offsets(await pollRecords(c, 5), tp)).toEqual([1, 2, 3, 4, 5]);
  await c.close();
}, 30_000);

test('seek while the next round is in flight: the round is dropped and reading goes on from the seek', async () => {
  await produce('prefetch-seek', 1, 5);
  const tp = { topic: 'prefetch-seek', partition: 0 };
  const c = consumer('seek', tp.topic);
  await c.subscribe();
  expect(offsets(await pollRecords(c, 3), tp)).toEqual([0, 1, 2]);
  c.seek(tp, 1);
  expect(c.position(tp)).toBe(1);
  expect(offsets(await pollRecords(c, 4), tp)).toEqual([1, 2, 3, 4]);
  await c.close();
}, 30_000);

test('a partition revoked while the next round is in flight: none of its records are handed out, the kept partition continues exactly', async () => {
  await produce('prefetch-revoke', 2, 8);
  const first = consumer('first', 'prefetch-revoke');
  await first.subscribe();
  expect(first.takeAssignmentChange()?.assigned).toHaveLength(2);
  const before = await pollRecords(first, 4);
  expect(new Set(before.map((r) => r.partition))).toEqual(new Set([0, 1]));
  // A second member joins: one partition moves to it while `first` has its next round in flight.
  const second = consumer('second', 'prefetch-revoke');
  await second.subscribe();
  const deadline = Date.now() + 10_000;
  let change = first.takeAssignmentChange();
  while (change === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    change = first.takeAssignmentChange();
  }
  expect(change?.revoked).toHaveLength(1);
  const [kept] = first.assignment();
  const [revoked] = change!.revoked;
  const after = await pollRecords(first, 8 - offsets(before, kept).length);
  expect(offsets(after, revoked)).toEqual([]);
  // No gap and no repeat on the kept partition across the rebalance.
  expect([...offsets(before, kept), ...offsets(after, kept)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  await Promise.all([first.close(), second.close()]);
}, 30_000);

test('close() with a round in flight: prompt, and its failure is not left unhandled', async () => {
  await produce('prefetch-close', 1, 1);
  const c = clients.groupConsumer('close', { groupId: 'group-prefetch-close', topics: ['prefetch-close'], maxWaitMs: 5000 });
  await c.subscribe();
  expect(await pollRecords(c, 1)).toHaveLength(1);
  // The next round is a long poll of up to 5 s on an exhausted partition.
  const started = Date.now();
  await c.close();
  expect(Date.now() - started).toBeLessThan(4000);
  await new Promise((r) => setTimeout(r, 100));
}, 30_000);

test('with nothing to fetch (not joined yet, or every partition paused) poll() waits max wait instead of spinning: timers and the group join go on', async () => {
  await produce('prefetch-idle', 1, 1);
  const c = consumer('idle', 'prefetch-idle');
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 5);
  const started = Date.now();
  let polls = 0;
  // Not subscribed-and-joined first: the join happens while the loop polls.
  void c.subscribe();
  while (c.assignment().length === 0 && Date.now() - started < 5_000) {
    await c.poll();
    polls++;
  }
  expect(c.assignment()).toEqual([{ topic: 'prefetch-idle', partition: 0 }]);
  c.pause({ topic: 'prefetch-idle', partition: 0 });
  const pausedAt = Date.now();
  expect(await c.poll()).toEqual([]);
  expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(40);
  clearInterval(timer);
  expect(ticks).toBeGreaterThan(5);
  expect(polls).toBeLessThan(200);
  await c.close();
});
