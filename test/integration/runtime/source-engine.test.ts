// A source task run by the Worker against the bundled broker: converter bytes in the topic,
// transforms guarded by predicates, offsets in connect-offsets only for acknowledged records,
// and a new worker resuming from them.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { KafkaOffsetBackingStore } from '../../../runtime/storage/offset-backing-store.ts';
import { Worker } from '../../../runtime/worker/worker.ts';
import type { WorkerListener } from '../../../runtime/herder/worker-facade.ts';
import type { ConsumedRecord } from '../../../runtime/kafka/partition-fetcher.ts';
import type { WorkerPlugins } from '../../../runtime/worker/worker-plugins.ts';
import { CountingSourceTask, enginePlugins } from './engine-fixtures.ts';
import { compressionCodecOf } from '../../../broker/protocol/records/batch-header.ts';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { WireClient } from '../../support/wire-client.ts';
import { fetch } from '../../support/wire-calls.ts';

let broker: TempBroker;
let clients: KafkaClients;
let plugins: WorkerPlugins;
let workerProps: Record<string, string>;

beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  workerProps = {
    'bootstrap.servers': `127.0.0.1:${broker.broker.port}`,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
    'offset.flush.interval.ms': '60000',
  };
  clients = new KafkaClients(workerProps, 'source-engine-test');
  plugins = await enginePlugins();
});
afterAll(async () => {
  await broker.stop();
});
beforeEach(() => {
  CountingSourceTask.committed = [];
  CountingSourceTask.commits = 0;
});

async function readAll(topic: string): Promise<ConsumedRecord[]> {
  const reader = clients.assignedConsumer('reader', { maxWaitMs: 20 });
  const out: ConsumedRecord[] = [];
  const ends = await reader.endOffsets(topic);
  for (const [partition, end] of ends.entries()) {
    reader.assign({ topic, partition }, 0);
    while ((reader.position({ topic, partition }) ?? 0) < end) out.push(...(await reader.poll()).filter((r) => r.partition === partition));
  }
  await reader.close();
  return out;
}

const events: string[] = [];
const listener: WorkerListener = {
  connectorStateChanged: (c, s) => events.push(`${c}:${s}`),
  taskStateChanged: (id, s, e) => events.push(`${id.connector}-${id.task}:${s}${e ? `:${e.message}` : ''}`),
  taskReconfigurationRequested: () => {},
};

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runConnector(offsets: KafkaOffsetBackingStore, count: number, expectedCommits: number): Promise<void> {
  const worker = new Worker({ workerId: 'w1:8083', workerProps, plugins, clients, offsetStore: offsets });
  worker.attach(listener);
  const config = {
    name: 'counter', 'connector.class': 'CountingSource', 'tasks.max': '1', topic: 'numbers', count: String(count),
    'topic.creation.default.replication.factor': '1', 'topic.creation.default.partitions': '2',
    'topic.creation.default.cleanup.policy': 'delete',
    transforms: 'dropFlagged,tag', 'transforms.dropFlagged.type': 'Filter', 'transforms.dropFlagged.predicate': 'flagged',
    'transforms.tag.type': 'InsertHeader', 'transforms.tag.header': 'via', 'transforms.tag.value.literal': 'tributary',
    'transforms.tag.predicate': 'other', 'transforms.tag.negate': 'true',
    predicates: 'flagged,other', 'predicates.flagged.type': 'HasHeaderKey', 'predicates.flagged.name': 'flag',
    'predicates.other.type': 'TopicNameMatches', 'predicates.other.pattern': 'other.*',
  };
  const [taskConfig] = await worker.startConnector('counter', config, 'STARTED');
  await worker.startTask({ connector: 'counter', task: 0 }, config, taskConfig, 'STARTED');
  await until(() => CountingSourceTask.committed.length === expectedCommits, `${expectedCommits} commitRecord calls`);
  await worker.stop();
}

describe('source task engine', () => {
  test('records land with converter bytes; offsets are committed for acknowledged records; a new worker resumes', async () => {
    const offsetsTopic = { name: 'connect-offsets', partitions: 5, replicationFactor: 1 };
    const offsets = new KafkaOffsetBackingStore(clients, offsetsTopic, 'offsets-1');
    await offsets.start();
    await runConnector(offsets, 30, 30);
    await offsets.stop();

    expect(events).toEqual(expect.arrayContaining(['counter:RUNNING', 'counter-0:RUNNING', 'counter-0:UNASSIGNED']));
    const records = await readAll('numbers');
    // 3 of 30 were flagged and dropped by Filter (guarded by HasHeaderKey); the topic was created with 2 partitions.
    expect(records).toHaveLength(27);
    const r0 = records.find((r) => r.key?.toString() === 'k0')!;
    expect(r0.value?.toString()).toBe('{"n":0,"text":"record 0"}');
    expect(r0.timestamp).toBe(1_700_000_000_000);
    expect(r0.headers.map(([k, v]) => `${k}=${v?.toString()}`)).toEqual(['via=tributary']);
    expect(records.some((r) => r.key?.toString() === 'k9')).toBe(false);
    expect(new Set(records.map((r) => r.partition))).toEqual(new Set([0, 1]));
    // commitRecord: acknowledged records with their offset, dropped ones with null metadata.
    expect(CountingSourceTask.committed.filter((c) => c.offset === null).map((c) => c.n).sort((a, b) => a - b)).toEqual([9, 19, 29]);
    expect(CountingSourceTask.commits).toBeGreaterThanOrEqual(1);

    const raw = await readAll('connect-offsets');
    const last = raw.filter((r) => r.key?.toString() === '["counter",{"source":"counter"}]').at(-1);
    expect(last?.value?.toString()).toBe('{"n":29}');

    const offsets2 = new KafkaOffsetBackingStore(clients, offsetsTopic, 'offsets-2');
    await offsets2.start();
    CountingSourceTask.committed = [];
    await runConnector(offsets2, 5, 5);
    await offsets2.stop();
    expect(CountingSourceTask.committed.map((c) => c.n).sort((a, b) => a - b)).toEqual([30, 31, 32, 33, 34]);
    expect(await readAll('numbers')).toHaveLength(32);
  });

  test('producer.override.* reaches the task\'s producer: compression.type=lz4 batches are stored lz4; an invalid value fails the task with Kafka\'s message', async () => {
    const offsets = new KafkaOffsetBackingStore(clients, { name: 'connect-offsets', partitions: 5, replicationFactor: 1 }, 'offsets-override');
    await offsets.start();
    const worker = new Worker({ workerId: 'w1:8083', workerProps, plugins, clients, offsetStore: offsets });
    worker.attach(listener);
    const start = async (name: string, overrides: Record<string, string>) => {
      const config = {
        name, 'connector.class': 'CountingSource', 'tasks.max': '1', topic: name, count: '40',
        'topic.creation.default.replication.factor': '1', 'topic.creation.default.partitions': '1', ...overrides,
      };
      const [taskConfig] = await worker.startConnector(name, config, 'STARTED');
      await worker.startTask({ connector: name, task: 0 }, config, taskConfig, 'STARTED');
    };
    await start('squeezed', { 'producer.override.compression.type': 'lz4', 'producer.override.linger.ms': '50' });
    await until(() => CountingSourceTask.committed.length === 40, '40 commitRecord calls');
    await expect(start('misconfigured', { 'producer.override.compression.type': 'brotli' })).rejects.toThrow(/compression\.type/);
    await worker.stop();
    await offsets.stop();

    expect(await readAll('squeezed')).toHaveLength(40);
    const client = await WireClient.connect(broker.broker.port);
    const stored = (await fetch(client, 'squeezed', 0, 0)).responses[0].partitions[0].records as Buffer;
    client.close();
    expect(new Set([...iterateBatches(stored)].map((b) => compressionCodecOf(b.header.attributes)))).toEqual(new Set(['lz4']));
    expect(events.find((e) => e.startsWith('misconfigured-0:FAILED'))).toMatch(/Invalid value brotli for configuration compression\.type: String must be one of: none, gzip, snappy, lz4, zstd/);
  });
});
