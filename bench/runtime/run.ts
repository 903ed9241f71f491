// Engine overhead, records/s per task against the bundled broker (in process, same machine),
// each beside the raw client on the same records (the ceiling):
//   memory:  an in-memory SourceTask → transforms (none) → String/Json converters → producer,
//            until every record is acknowledged — beside the raw producer sending the same bytes
//            (made before the clock starts), and beside a client application that makes and
//            JSON-encodes the same records itself as it produces them (what a user writes
//            without Connect; printed as a second line with its own ratio);
//   bytes:   the same with the bytes made up front and ByteArrayConverter: the engine alone;
//   datagen: the DatagenConnector (quickstart users, max.interval 0) the same way — beside the raw
//            producer sending the bytes of the same records, and the task + converters alone;
//   sink:    broker → consumer group → converters → a no-op SinkTask, over the memory topic —
//            beside the group-less fetch loop reading the same records;
//   sink-bytes: the same with ByteArrayConverter (no JSON parsing): the engine alone.
// The engine's clock starts when the task is started (producer/consumer set-up included); the
// steady rate counts from the first record acknowledged / put (task start and group join left out). Beside
// records/s, CPU µs per record (whole process, so the in-process broker's share is included on
// both sides): steadier than wall time on a shared machine.
// Run: ./node_modules/.bin/node bench/runtime/run.ts [records] [memory,bytes,datagen,sink,sink-bytes]
//      BENCH_PROFILE=<dir> writes a CPU profile of each phase there (engine-* and raw-*).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../broker/server/broker.ts';
import { DatagenTask } from '../../connectors/datagen/index.ts';
import { KafkaClients } from '../../runtime/kafka/kafka-clients.ts';
import { PluginRegistry } from '../../runtime/plugins/index.ts';
import { KafkaOffsetBackingStore } from '../../runtime/storage/offset-backing-store.ts';
import { Worker } from '../../runtime/worker/worker.ts';
import { benchPlugins, counts, MEMORY_VALUE, preserialized } from './bench-plugins.ts';
import { profilePhase } from './phase-profiler.ts';
import { appProduce, measure, pollAndConvert, rawFetch, rawProduce, runtimeProduce, type Figure } from './raw-clients.ts';

const N = Number(process.argv[2] ?? 200_000);
const CASES = new Set((process.argv[3] ?? 'memory,bytes,datagen,sink,sink-bytes').split(','));
const KEY_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';
const VALUE_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const BYTES = { 'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter', 'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter' };

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2));
}

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-bench-runtime-'));
const broker = await startBroker({ listeners: 'PLAINTEXT://127.0.0.1:0', 'log.dirs': dataDir, 'auto.create.topics.enable': 'false', 'group.initial.rebalance.delay.ms': '0' });
const workerProps = {
  'bootstrap.servers': `127.0.0.1:${broker.port}`,
  'key.converter': KEY_CONVERTER, 'value.converter': VALUE_CONVERTER, 'value.converter.schemas.enable': 'false',
  'offset.flush.interval.ms': '1000',
};
const clients = new KafkaClients(workerProps, 'bench');
const registry = await PluginRegistry.load();
const admin = clients.admin('bench');
for (const name of ['bench-memory', 'bench-bytes', 'bench-datagen', 'bench-raw-memory', 'bench-raw-datagen']) await admin.createTopic({ name, partitions: 1, replicationFactor: 1 });
const offsets = new KafkaOffsetBackingStore(clients, { name: 'connect-offsets', partitions: 1, replicationFactor: 1 }, 'bench-offsets');
await offsets.start();
const worker = new Worker({ workerId: 'bench:8083', workerProps, plugins: benchPlugins(registry), clients, offsetStore: offsets });

/** One source task through the engine, until every record is acknowledged. */
async function engineSource(name: string, config: Record<string, string>): Promise<Figure> {
  counts.acked = 0;
  const profiled = await profilePhase(`engine-${name}`);
  const done = measure(N);
  await worker.startConnector(name, config, 'STARTED');
  await worker.startTask({ connector: name, task: 0 }, config, config, 'STARTED');
  await waitFor(() => counts.acked >= N);
  const figure = done(counts.firstAt);
  await profiled();
  await worker.stopTask({ connector: name, task: 0 });
  return figure;
}

/** A raw-client run, profiled as its own phase when BENCH_PROFILE is set. */
async function rawPhase(name: string, run: () => Promise<Figure>): Promise<Figure> {
  const profiled = await profilePhase(`raw-${name}`);
  const figure = await run();
  await profiled();
  return figure;
}

const rows: string[] = [];
const int = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
const fmt = (f: Figure) => `${int(f.rate)} records/s ${f.cpuUsPerRecord.toFixed(1).padStart(5)} µs CPU/record`;
const row = (label: string, engine: Figure, rawLabel: string, raw: Figure, extra = '') => rows.push(
  `${label.padEnd(17)} engine ${fmt(engine)} (steady ${int(engine.steadyRate!).trim()})   ${rawLabel} ${fmt(raw)}   ` +
  `engine/raw ${(engine.rate / raw.rate).toFixed(2)} (steady ${(engine.steadyRate! / raw.rate).toFixed(2)}, CPU ${(raw.cpuUsPerRecord / engine.cpuUsPerRecord).toFixed(2)})${extra}`);

// The bytes the raw producer sends for the memory source's records (and the bytes source sends itself).
const memoryMessages = Array.from({ length: N }, (_, n) => ({
  topic: 'bench-raw-memory', partition: 0, key: Buffer.from(`key-${n}`), value: Buffer.from(JSON.stringify({ ...MEMORY_VALUE, id: n })),
}));

if (CASES.has('memory') || CASES.has('sink') || CASES.has('sink-bytes')) {
  const engine = await engineSource('memory', { name: 'memory', 'connector.class': 'MemorySource', 'tasks.max': '1', records: String(N), topic: 'bench-memory' });
  row('memory source', engine, 'raw producer', await rawPhase('memory', () => rawProduce(clients, memoryMessages)));
  // Second ceiling: the application a user writes without Connect, making and JSON-encoding the
  // same records itself as it produces them (the line above sends bytes made before the clock).
  const app = await rawPhase('memory-app', () => appProduce(clients, N, (n) => ({
    topic: 'bench-raw-memory', partition: 0, key: Buffer.from(`key-${n}`), value: Buffer.from(JSON.stringify({ ...MEMORY_VALUE, id: n })),
  })));
  row('memory source', engine, 'app producer', app, '   (app: client application building + JSON-encoding the same records)');
  row('memory source', engine, 'runtime prod.', await rawPhase('memory-runtime', () => runtimeProduce(clients, memoryMessages)), '   (the worker\'s own producer sending the pre-encoded records)');
}

if (CASES.has('bytes')) {
  preserialized.keys = memoryMessages.map((m) => m.key);
  preserialized.values = memoryMessages.map((m) => m.value);
  const engine = await engineSource('bytes', { name: 'bytes', 'connector.class': 'MemorySource', 'tasks.max': '1', records: String(N), topic: 'bench-bytes', format: 'bytes', ...BYTES });
  row('bytes source', engine, 'raw producer', await rawPhase('bytes', () => rawProduce(clients, memoryMessages)));
  row('bytes source', engine, 'runtime prod.', await rawPhase('bytes-runtime', () => runtimeProduce(clients, memoryMessages)), '   (the worker\'s own producer sending the same bytes)');
}

if (CASES.has('datagen')) {
  const config = {
    name: 'datagen', 'connector.class': 'CountingDatagen', 'tasks.max': '1', 'kafka.topic': 'bench-datagen',
    quickstart: 'users', iterations: String(N), 'max.interval': '0', 'random.seed': '42',
  };
  const engine = await engineSource('datagen', config);
  // The same records (same seed) made by the task alone and serialized up front for the raw producer.
  const task = new DatagenTask();
  task.initialize({ configs: () => config, offsetStorageReader: () => ({ offset: async () => null, offsets: async () => [] }), transactionContext: () => null });
  await task.start(config);
  const key = registry.newConverter(KEY_CONVERTER);
  key.configure({}, true);
  const value = registry.newConverter(VALUE_CONVERTER);
  value.configure({ 'schemas.enable': 'false' }, false);
  const polled = await pollAndConvert(task, N, key, value, 'bench-raw-datagen');
  await task.stop();
  row('datagen users', engine, 'raw producer', await rawPhase('datagen', () => rawProduce(clients, polled.messages)), `   (task poll + converters alone ${fmt(polled.figure).trim()})`);
}

// The broker creates __consumer_offsets on the first group's first request (~100 ms): a group
// joined and left here, so that set-up is not charged to the first sink case measured.
if (CASES.has('sink') || CASES.has('sink-bytes')) {
  const warmUp = clients.groupConsumer('bench-warm-up', { groupId: 'bench-warm-up', topics: ['bench-memory'] });
  await warmUp.subscribe();
  await warmUp.close();
}

/** One sink task through the engine over the memory source's topic, until put() has seen every record. */
async function engineSink(name: string, converters: Record<string, string> = {}): Promise<Figure> {
  counts.consumed = 0;
  const profiled = await profilePhase(`engine-${name}`);
  const done = measure(N);
  const config = { name, 'connector.class': 'NoopSink', 'tasks.max': '1', topics: 'bench-memory', ...converters };
  await worker.startConnector(name, config, 'STARTED');
  await worker.startTask({ connector: name, task: 0 }, config, { topics: 'bench-memory' }, 'STARTED');
  await waitFor(() => counts.consumed >= N);
  const figure = done(counts.firstAt);
  await profiled();
  await worker.stopTask({ connector: name, task: 0 });
  return figure;
}

if (CASES.has('sink')) row('no-op sink', await engineSink('sink'), 'raw fetch   ', await rawFetch(clients, 'bench-memory', N));
if (CASES.has('sink-bytes')) row('no-op sink, bytes', await engineSink('sink-bytes', BYTES), 'raw fetch   ', await rawFetch(clients, 'bench-memory', N));

await worker.stop();
await offsets.stop();
await admin.close();
await broker.close();
rmSync(dataDir, { recursive: true, force: true });

console.log(`records: ${N} per case, acks=all, idempotent, 1 partition, 1 task; memory value ${JSON.stringify({ ...MEMORY_VALUE, id: 0 }).length} bytes JSON`);
for (const r of rows) console.log(r);
