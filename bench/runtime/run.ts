// Engine overhead, records/s against the bundled broker (in process, same machine):
//   source: an in-memory SourceTask → transforms (none) → String/Json converters → producer,
//           until every record is acknowledged — beside the raw @platformatic/kafka producer
//           sending the same bytes in batches of 1000 (the ceiling);
//   sink:   broker → consumer group → converters → a no-op SinkTask — beside the group-less
//           fetch loop reading the same records (the ceiling).
// Run: ./node_modules/.bin/node bench/runtime/run.ts [records]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Producer } from '@platformatic/kafka';
import { startBroker } from '../../broker/server/broker.ts';
import {
  ConfigDef, SinkConnector, SinkTask, SourceConnector, SourceRecord, SourceTask, STRING_SCHEMA, type SinkRecord,
} from '../../runtime/api/index.ts';
import { KafkaClients } from '../../runtime/kafka/kafka-clients.ts';
import { PluginRegistry } from '../../runtime/plugins/index.ts';
import { KafkaOffsetBackingStore } from '../../runtime/storage/offset-backing-store.ts';
import { Worker } from '../../runtime/worker/worker.ts';
import type { WorkerPlugins } from '../../runtime/worker/worker-plugins.ts';

const N = Number(process.argv[2] ?? 100_000);
const VALUE = { id: 0n, customer: 'customer-000042', amount: 1234, status: 'PAID', note: 'x'.repeat(40) };
let acked = 0;
let consumed = 0;

class MemorySourceTask extends SourceTask {
  #next = 0;
  version() { return '1'; }
  start() {}
  async poll() {
    if (this.#next >= N) { await new Promise((r) => setTimeout(r, 5)); return null; }
    const out: SourceRecord[] = [];
    for (let i = 0; i < 500 && this.#next < N; i++) {
      const n = this.#next++;
      out.push(new SourceRecord({ sourcePartition: { p: 0 }, sourceOffset: { n }, topic: 'bench-source', keySchema: STRING_SCHEMA, key: `key-${n}`, value: { ...VALUE, id: BigInt(n) } }));
    }
    return out;
  }
  override commitRecord() { acked++; }
  stop() {}
}
class NoopSinkTask extends SinkTask {
  version() { return '1'; }
  start() {}
  async put(records: readonly SinkRecord[]) { consumed += records.length; }
  stop() {}
}
const def = () => new ConfigDef();
class MemorySource extends SourceConnector { version() { return '1'; } start() {} taskClass() { return MemorySourceTask; } taskConfigs() { return [{}]; } stop() {} config() { return def(); } }
class NoopSink extends SinkConnector { version() { return '1'; } start() {} taskClass() { return NoopSinkTask; } taskConfigs() { return [{}]; } stop() {} config() { return def(); } }

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2));
}

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-bench-runtime-'));
const broker = await startBroker({ listeners: 'PLAINTEXT://127.0.0.1:0', 'log.dirs': dataDir, 'auto.create.topics.enable': 'false', 'group.initial.rebalance.delay.ms': '0' });
const workerProps = {
  'bootstrap.servers': `127.0.0.1:${broker.port}`,
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
  'offset.flush.interval.ms': '1000',
};
const clients = new KafkaClients(workerProps, 'bench');
const registry = await PluginRegistry.load();
const plugins: WorkerPlugins = {
  connectorType: (n) => (n === 'MemorySource' ? 'source' : n === 'NoopSink' ? 'sink' : registry.connectorType(n)),
  newConnector: (n) => (n === 'MemorySource' ? new MemorySource() : n === 'NoopSink' ? new NoopSink() : registry.newConnector(n)),
  newConverter: (n) => registry.newConverter(n), newHeaderConverter: (n) => registry.newHeaderConverter(n),
  newTransformation: (n) => registry.newTransformation(n), newPredicate: (n) => registry.newPredicate(n),
};
const admin = clients.admin('bench');
for (const name of ['bench-source', 'bench-raw']) await admin.createTopic({ name, partitions: 1, replicationFactor: 1 });
const offsets = new KafkaOffsetBackingStore(clients, { name: 'connect-offsets', partitions: 1, replicationFactor: 1 }, 'bench-offsets');
await offsets.start();
const worker = new Worker({ workerId: 'bench:8083', workerProps, plugins, clients, offsetStore: offsets });

// Source through the engine.
let start = performance.now();
const sourceConfig = { name: 'src', 'connector.class': 'MemorySource', 'tasks.max': '1' };
await worker.startConnector('src', sourceConfig, 'STARTED');
await worker.startTask({ connector: 'src', task: 0 }, sourceConfig, {}, 'STARTED');
await waitFor(() => acked >= N);
const engineSource = N / ((performance.now() - start) / 1000);
await worker.stopTask({ connector: 'src', task: 0 });

// Raw producer, same bytes (serialized up front: the ceiling has no conversion cost).
const messages = Array.from({ length: N }, (_, n) => ({
  topic: 'bench-raw', partition: 0, key: Buffer.from(`key-${n}`),
  value: Buffer.from(JSON.stringify({ ...VALUE, id: n })),
}));
const raw = new Producer({ ...clients.options('producer', 'raw'), idempotent: true, acks: -1 });
await raw.initIdempotentProducer({ producerId: -1n, producerEpoch: -1 });
start = performance.now();
const inFlight = new Set<Promise<unknown>>();
for (let i = 0; i < N; i += 1000) {
  const p = raw.send({ messages: messages.slice(i, i + 1000) }).finally(() => inFlight.delete(p));
  inFlight.add(p);
  if (inFlight.size >= 5) await Promise.race(inFlight);
}
await Promise.all(inFlight);
const rawProduce = N / ((performance.now() - start) / 1000);
await raw.close();

// Sink through the engine (consumer group on the bundled coordinator).
start = performance.now();
const sinkConfig = { name: 'sink', 'connector.class': 'NoopSink', 'tasks.max': '1', topics: 'bench-source' };
await worker.startConnector('sink', sinkConfig, 'STARTED');
await worker.startTask({ connector: 'sink', task: 0 }, sinkConfig, { topics: 'bench-source' }, 'STARTED');
await waitFor(() => consumed >= N);
const engineSink = N / ((performance.now() - start) / 1000);
await worker.stop();

// Raw group-less fetch loop over the same topic.
const reader = clients.assignedConsumer('raw-reader', { maxWaitMs: 100 });
reader.assign({ topic: 'bench-source', partition: 0 }, 0);
start = performance.now();
let read = 0;
while (read < N) read += (await reader.poll()).length;
const rawConsume = N / ((performance.now() - start) / 1000);
await reader.close();

await offsets.stop();
await admin.close();
await broker.close();
rmSync(dataDir, { recursive: true, force: true });

const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')} records/s`;
console.log(`records: ${N}, value ${JSON.stringify({ ...VALUE, id: 0 }).length} bytes JSON, acks=all, idempotent, 1 partition`);
console.log(`source engine  ${fmt(engineSource)}   raw producer ${fmt(rawProduce)}   engine/raw ${(engineSource / rawProduce).toFixed(2)}`);
console.log(`sink engine    ${fmt(engineSink)}   raw fetch    ${fmt(rawConsume)}   engine/raw ${(engineSink / rawConsume).toFixed(2)}`);
