// A sink task run by the Worker in consumer group connect-<name> on the bundled broker's group
// coordinator: put() receives converted records, only preCommit's offsets are committed and a
// restart resumes after them; a poison record goes to the dead letter queue with Kafka's
// __connect.errors.* headers (tolerance all) or fails the task with the reason (tolerance none).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Consumer } from '@platformatic/kafka';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { KafkaOffsetBackingStore } from '../../../runtime/storage/offset-backing-store.ts';
import { Worker } from '../../../runtime/worker/worker.ts';
import type { ConsumedRecord } from '../../../runtime/kafka/partition-fetcher.ts';
import type { WorkerPlugins } from '../../../runtime/worker/worker-plugins.ts';
import { RecordingSinkTask, enginePlugins } from './engine-fixtures.ts';

let broker: TempBroker;
let clients: KafkaClients;
let plugins: WorkerPlugins;
let offsets: KafkaOffsetBackingStore;
let workerProps: Record<string, string>;

beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false', 'group.initial.rebalance.delay.ms': '0' });
  workerProps = {
    'bootstrap.servers': `127.0.0.1:${broker.broker.port}`,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
    'offset.flush.interval.ms': '100',
  };
  clients = new KafkaClients(workerProps, 'sink-engine-test');
  plugins = await enginePlugins();
  offsets = new KafkaOffsetBackingStore(clients, { name: 'connect-offsets', partitions: 1, replicationFactor: 1 }, 'offsets');
  await offsets.start();
});
afterAll(async () => {
  await offsets.stop();
  await broker.stop();
});
beforeEach(() => {
  RecordingSinkTask.received = [];
  RecordingSinkTask.durableUpTo = null;
  RecordingSinkTask.failPutWith = null;
});

async function produce(topic: string, values: string[]): Promise<void> {
  const admin = clients.admin('setup');
  await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 1 });
  await admin.close();
  const producer = clients.producer('setup');
  await Promise.all(values.map((v, i) => producer.send({ topic, partition: 0, key: Buffer.from(`k${i}`), value: Buffer.from(v), headers: [['trace', Buffer.from(`t${i}`)]] })));
  await producer.close();
}

async function readAll(topic: string): Promise<ConsumedRecord[]> {
  const reader = clients.assignedConsumer('reader', { maxWaitMs: 20 });
  const [end] = await reader.endOffsets(topic);
  reader.assign({ topic, partition: 0 }, 0);
  const out: ConsumedRecord[] = [];
  while ((reader.position({ topic, partition: 0 }) ?? 0) < end) out.push(...await reader.poll());
  await reader.close();
  return out;
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runSink(name: string, extra: Record<string, string>, until_: () => boolean, failures: Error[] = []): Promise<void> {
  const worker = new Worker({ workerId: 'w1:8083', workerProps, plugins, clients, offsetStore: offsets });
  worker.attach({
    connectorStateChanged() {}, taskReconfigurationRequested() {},
    taskStateChanged: (_id, state, error) => { if (state === 'FAILED' && error) failures.push(error); },
  });
  const config = { name, 'connector.class': 'RecordingSink', 'tasks.max': '1', ...extra };
  const [taskConfig] = await worker.startConnector(name, config, 'STARTED');
  await worker.startTask({ connector: name, task: 0 }, config, taskConfig, 'STARTED');
  await until(until_, `the ${name} sink to get there`);
  await worker.stop();
}

async function committedOffset(group: string, topic: string): Promise<number | undefined> {
  const probe = new Consumer({ ...clients.options('consumer', 'probe'), groupId: group });
  const committed = await probe.listCommittedOffsets({ topics: [{ topic, partitions: [0] }] });
  await probe.close();
  const offset = committed.get(topic)?.[0];
  return offset === undefined || offset < 0n ? undefined : Number(offset);
}

describe('sink task engine', () => {
  test('put() gets converted records; only preCommit offsets are committed; a restart resumes after them', async () => {
    await produce('orders', Array.from({ length: 10 }, (_, i) => `{"id":${i}}`));
    RecordingSinkTask.durableUpTo = 6;
    await runSink('orders-sink', { topics: 'orders' }, () => RecordingSinkTask.received.length === 10);
    expect(RecordingSinkTask.received[0].value).toEqual({ id: 0n });
    expect(RecordingSinkTask.received[0].key).toBe('k0');
    expect(RecordingSinkTask.received[0].headers.lastWithName('trace')?.value).toBe('t0');
    expect(await committedOffset('connect-orders-sink', 'orders')).toBe(6);

    RecordingSinkTask.received = [];
    RecordingSinkTask.durableUpTo = null;
    await runSink('orders-sink', { topics: 'orders' }, () => RecordingSinkTask.received.length === 4);
    expect(RecordingSinkTask.received.map((r) => r.kafkaOffset)).toEqual([6, 7, 8, 9]);
    expect(await committedOffset('connect-orders-sink', 'orders')).toBe(10);
  });

  test('errors.tolerance=all: the poison record goes to the DLQ with context headers, the rest is delivered', async () => {
    await produce('events', ['{"ok":1}', '{not json', '{"ok":3}']);
    await runSink('events-sink', {
      topics: 'events', 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'events-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true',
    }, () => RecordingSinkTask.received.length === 2);
    const dlq = await readAll('events-dlq');
    expect(dlq).toHaveLength(1);
    expect(dlq[0].value?.toString()).toBe('{not json');
    expect(dlq[0].key?.toString()).toBe('k1');
    const headers = Object.fromEntries(dlq[0].headers.map(([k, v]) => [k, v?.toString()]));
    expect(headers).toMatchObject({
      trace: 't1',
      '__connect.errors.topic': 'events', '__connect.errors.partition': '0', '__connect.errors.offset': '1',
      '__connect.errors.connector.name': 'events-sink', '__connect.errors.task.id': '0',
      '__connect.errors.stage': 'VALUE_CONVERTER', '__connect.errors.class.name': 'org.apache.kafka.connect.json.JsonConverter',
    });
    expect(headers['__connect.errors.exception.class.name']).toMatch(/DataException/);
    expect(headers['__connect.errors.exception.stacktrace']).toContain(headers['__connect.errors.exception.message']);
  });

  test('errors.tolerance=none: the task fails with the reason in its trace', async () => {
    await produce('strict', ['{"ok":1}', '{not json']);
    const failures: Error[] = [];
    await runSink('strict-sink', { topics: 'strict' }, () => failures.length === 1, failures);
    expect(failures[0].stack).toContain('Tolerance exceeded in error handler');
    expect(failures[0].stack).toMatch(/Caused by: DataException/);
  });
});
