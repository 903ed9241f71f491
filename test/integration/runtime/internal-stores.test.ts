// The three internal topic stores against the bundled broker: topics created compacted, the exact
// key/value bytes Kafka Connect writes, state rebuilt by a fresh store reading from the start,
// task configs visible only after their commit record.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { KafkaOffsetBackingStore, ConnectorOffsetBackingStore } from '../../../runtime/storage/offset-backing-store.ts';
import { KafkaConfigBackingStore } from '../../../runtime/storage/config-backing-store.ts';
import { KafkaStatusBackingStore } from '../../../runtime/storage/status-backing-store.ts';
import type { ConsumedRecord } from '../../../runtime/kafka/partition-fetcher.ts';

let broker: TempBroker;
let clients: KafkaClients;

beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  clients = new KafkaClients({ 'bootstrap.servers': `127.0.0.1:${broker.broker.port}` }, 'stores-test');
});
afterAll(async () => {
  await broker.stop();
});

/** Every record of a topic, as bytes (what another Connect tool would read). */
async function rawRecords(topic: string): Promise<ConsumedRecord[]> {
  const reader = clients.assignedConsumer('raw', { maxWaitMs: 20 });
  const ends = await reader.endOffsets(topic);
  const out: ConsumedRecord[] = [];
  for (const [partition, end] of ends.entries()) {
    reader.assign({ topic, partition }, 0);
    while ((reader.position({ topic, partition }) ?? 0) < end) out.push(...(await reader.poll()).filter((r) => r.partition === partition));
  }
  await reader.close();
  return out;
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

describe('offset store', () => {
  test('writes Kafka Connect\'s key and value JSON, and a new store reads it back; null resets', async () => {
    const topic = { name: 'connect-offsets', partitions: 3, replicationFactor: 1 };
    const store = new KafkaOffsetBackingStore(clients, topic, 'offsets-a');
    await store.start();
    await store.set('files', [{ partition: { filename: 'a.txt' }, offset: { position: 42n } }]);
    await store.set('files', [{ partition: { filename: 'b.txt' }, offset: { position: 7n } }]);
    await store.set('files', [{ partition: { filename: 'b.txt' }, offset: null }]);
    await store.stop();

    const raw = await rawRecords('connect-offsets');
    expect(raw.map((r) => [text(r.key), text(r.value)])).toEqual(expect.arrayContaining([
      ['["files",{"filename":"a.txt"}]', '{"position":42}'],
      ['["files",{"filename":"b.txt"}]', '{"position":7}'],
      ['["files",{"filename":"b.txt"}]', null],
    ]));

    const again = new KafkaOffsetBackingStore(clients, topic, 'offsets-b');
    await again.start();
    expect(await again.get('files', [{ filename: 'a.txt' }, { filename: 'b.txt' }])).toEqual([
      { partition: { filename: 'a.txt' }, offset: { position: 42n } },
      { partition: { filename: 'b.txt' }, offset: null },
    ]);
    expect(await again.offsets('files')).toEqual([{ partition: { filename: 'a.txt' }, offset: { position: 42n } }]);
    await again.stop();
  });

  test('a connector\'s own offsets topic wins, the worker topic is the fallback', async () => {
    const worker = new KafkaOffsetBackingStore(clients, { name: 'worker-offsets', partitions: 1, replicationFactor: 1 }, 'w');
    const own = new KafkaOffsetBackingStore(clients, { name: 'own-offsets', partitions: 1, replicationFactor: 1 }, 'o');
    await worker.start();
    await worker.set('c', [{ partition: { p: 1 }, offset: { n: 1n } }, { partition: { p: 2 }, offset: { n: 2n } }]);
    const store = new ConnectorOffsetBackingStore(own, worker);
    await store.start();
    await store.set('c', [{ partition: { p: 1 }, offset: { n: 10n } }]);
    expect(await store.get('c', [{ p: 1 }, { p: 2 }])).toEqual([
      { partition: { p: 1 }, offset: { n: 10n } }, { partition: { p: 2 }, offset: { n: 2n } },
    ]);
    expect((await rawRecords('own-offsets')).map((r) => text(r.value))).toEqual(['{"n":10}']);
    await store.stop();
    await worker.stop();
  });
});

describe('config store', () => {
  test('exact records; task configs apply only with their commit; a fresh store sees the same snapshot', async () => {
    const updates: string[] = [];
    const store = new KafkaConfigBackingStore(clients, 'connect-configs', 1, 'configs-a', {
      onTaskConfigUpdate: (c, n) => updates.push(`${c}:${n}`),
    });
    await store.start();
    await store.putConnectorConfig('files', { 'connector.class': 'FileStreamSource', 'tasks.max': '1' }, 'STARTED');
    await store.putTaskConfigs('files', [{ file: 'a.txt' }, { file: 'b.txt' }]);
    await store.putTargetState('files', 'STOPPED');
    await store.putSessionKey({ key: 'c2VjcmV0', algorithm: 'HmacSHA256', creationTimestamp: 1_700_000_000_000 });
    expect(updates).toEqual(['files:2']);
    await store.stop();

    const raw = (await rawRecords('connect-configs')).map((r) => [text(r.key), text(r.value)]);
    expect(raw).toEqual([
      ['target-state-files', '{"state":"STARTED","state.v2":"STARTED"}'],
      ['connector-files', '{"properties":{"connector.class":"FileStreamSource","tasks.max":"1"}}'],
      ['task-files-0', '{"properties":{"file":"a.txt"}}'],
      ['task-files-1', '{"properties":{"file":"b.txt"}}'],
      ['commit-files', '{"tasks":2}'],
      ['target-state-files', '{"state":"PAUSED","state.v2":"STOPPED"}'],
      ['session-key', '{"key":"c2VjcmV0","algorithm":"HmacSHA256","creation-timestamp":1700000000000}'],
    ]);

    const fresh = new KafkaConfigBackingStore(clients, 'connect-configs', 1, 'configs-b');
    await fresh.start();
    const snap = fresh.snapshot();
    expect(snap.connectors.get('files')).toEqual({ 'connector.class': 'FileStreamSource', 'tasks.max': '1' });
    expect(snap.tasks.get('files')).toEqual([{ file: 'a.txt' }, { file: 'b.txt' }]);
    expect(snap.targetStates.get('files')).toBe('STOPPED');
    expect(snap.sessionKey?.creationTimestamp).toBe(1_700_000_000_000);
    expect(snap.offset).toBe(6);
    await fresh.removeConnectorConfig('files');
    expect(fresh.snapshot().connectors.has('files')).toBe(false);
    await fresh.stop();
  });

  test('cluster log levels: Kafka\'s record; applied by running stores only, not replayed by a store started later', async () => {
    const seen: string[] = [];
    const topic = 'connect-configs-loggers';
    const running = new KafkaConfigBackingStore(clients, topic, 1, 'loggers-a', { onLoggingLevelUpdate: (ns, l) => seen.push(`a ${ns}=${l}`) });
    await running.start();
    await running.putLoggerLevel('io.tributary', 'DEBUG');
    expect(seen).toEqual(['a io.tributary=DEBUG']);
    expect((await rawRecords(topic)).map((r) => [text(r.key), text(r.value)])).toEqual([['logger-cluster-io.tributary', '{"level":"DEBUG"}']]);

    const later = new KafkaConfigBackingStore(clients, topic, 1, 'loggers-b', { onLoggingLevelUpdate: (ns, l) => seen.push(`b ${ns}=${l}`) });
    await later.start();
    expect(seen).toEqual(['a io.tributary=DEBUG']);
    await later.putLoggerLevel('root', 'WARN');
    await running.refresh();
    expect(seen.slice(1).sort()).toEqual(['a root=WARN', 'b root=WARN']);
    await Promise.all([running.stop(), later.stop()]);
  });
});

describe('status store', () => {
  test('status values in Kafka\'s format; an older generation of another worker cannot overwrite', async () => {
    const store = new KafkaStatusBackingStore(clients, { name: 'connect-status', partitions: 5, replicationFactor: 1 }, 'status-a');
    await store.start();
    await store.put({ connector: 'files', state: 'RUNNING', trace: null, workerId: 'w1:8083', generation: 3 });
    await store.put({ connector: 'files', task: 0, state: 'FAILED', trace: 'Error: boom\n    at x', workerId: 'w1:8083', generation: 3 });
    await store.refresh();
    expect(await store.putSafe({ connector: 'files', state: 'UNASSIGNED', trace: null, workerId: 'w2:8083', generation: 2 })).toBe(false);
    await store.stop();

    const raw = (await rawRecords('connect-status')).map((r) => [text(r.key), text(r.value)]);
    expect(raw).toEqual(expect.arrayContaining([
      ['status-connector-files', '{"state":"RUNNING","trace":null,"worker_id":"w1:8083","generation":3}'],
      ['status-task-files-0', '{"state":"FAILED","trace":"Error: boom\\n    at x","worker_id":"w1:8083","generation":3}'],
    ]));
    expect(raw).toHaveLength(2);

    const fresh = new KafkaStatusBackingStore(clients, { name: 'connect-status', partitions: 5, replicationFactor: 1 }, 'status-b');
    await fresh.start();
    expect(fresh.tasks('files')).toEqual([{ connector: 'files', task: 0, state: 'FAILED', trace: 'Error: boom\n    at x', workerId: 'w1:8083', generation: 3 }]);
    await fresh.stop();
  });

  test('topic records (KIP-558): Kafka\'s key and value, written once until reset, read back by a fresh store, tombstoned by a reset', async () => {
    const topic = { name: 'connect-status-topics', partitions: 3, replicationFactor: 1 };
    const store = new KafkaStatusBackingStore(clients, topic, 'topics-a');
    await store.start();
    const first = store.recordActiveTopic({ topic: 'orders', connector: 'pg-cdc', task: 1, discoverTimestamp: 1700000000123 });
    // A task reports every record: while the first write is in flight, and once read back, nothing more is written.
    expect(store.recordActiveTopic({ topic: 'orders', connector: 'pg-cdc', task: 0, discoverTimestamp: 1700000000999 })).toBeNull();
    await first;
    await store.refresh();
    expect(store.recordActiveTopic({ topic: 'orders', connector: 'pg-cdc', task: 0, discoverTimestamp: 1700000000999 })).toBeNull();
    await store.recordActiveTopic({ topic: 'audit.log', connector: 'pg-cdc', task: 0, discoverTimestamp: 1700000000456 });
    // A connector name may hold ':'; a topic name cannot, so the first ':' separates (as Kafka parses it).
    await store.recordActiveTopic({ topic: 'orders', connector: 'a:b-c', task: 2, discoverTimestamp: 1700000000789 });
    await store.refresh();
    expect(store.activeTopics('pg-cdc').map((t) => t.topic)).toEqual(['audit.log', 'orders']);

    const raw = (await rawRecords(topic.name)).map((r) => [text(r.key), text(r.value)]);
    expect(raw).toEqual(expect.arrayContaining([
      ['status-topic-orders:connector-pg-cdc', '{"topic":{"name":"orders","connector":"pg-cdc","task":1,"discoverTimestamp":1700000000123}}'],
      ['status-topic-audit.log:connector-pg-cdc', '{"topic":{"name":"audit.log","connector":"pg-cdc","task":0,"discoverTimestamp":1700000000456}}'],
      ['status-topic-orders:connector-a:b-c', '{"topic":{"name":"orders","connector":"a:b-c","task":2,"discoverTimestamp":1700000000789}}'],
    ]));
    expect(raw).toHaveLength(3);

    const fresh = new KafkaStatusBackingStore(clients, topic, 'topics-b');
    await fresh.start();
    expect(fresh.activeTopics('pg-cdc')).toEqual([
      { topic: 'audit.log', connector: 'pg-cdc', task: 0, discoverTimestamp: 1700000000456 },
      { topic: 'orders', connector: 'pg-cdc', task: 1, discoverTimestamp: 1700000000123 },
    ]);
    expect(fresh.activeTopics('a:b-c').map((t) => t.topic)).toEqual(['orders']);
    await fresh.resetActiveTopics('pg-cdc');
    await fresh.refresh();
    await store.refresh();
    expect(fresh.activeTopics('pg-cdc')).toEqual([]);
    expect(store.activeTopics('pg-cdc')).toEqual([]);
    expect(store.activeTopics('a:b-c').map((t) => t.topic)).toEqual(['orders']);
    const tombstones = (await rawRecords(topic.name)).filter((r) => r.value === null).map((r) => text(r.key)).sort();
    expect(tombstones).toEqual(['status-topic-audit.log:connector-pg-cdc', 'status-topic-orders:connector-pg-cdc']);
    // After a reset the topic is written again the next time a task uses it.
    const again = store.recordActiveTopic({ topic: 'orders', connector: 'pg-cdc', task: 0, discoverTimestamp: 1700000001000 });
    expect(again).not.toBeNull();
    await again;
    await fresh.stop();
    await store.stop();
  });
});
