// The source engine's own cost, without Kafka: SourceTaskRunner over an in-memory task, with a
// producer stub that acknowledges each batch of 1000 on the next turn of the event loop (offset
// store in memory). What is left is poll → transforms → converters → bookkeeping → acks →
// commitRecord: the per-record work this engine adds on top of a client. Not a throughput claim.
// Run: ./node_modules/.bin/node bench/runtime/engine-alone.ts [records] [json|bytes]
import pino from 'pino';
import { KafkaProducer, type DeliveryListener, type ProducerRecord } from '../../runtime/kafka/producer.ts';
import { PluginRegistry } from '../../runtime/plugins/index.ts';
import type { OffsetStore } from '../../runtime/storage/offset-backing-store.ts';
import { RetryWithToleranceOperator } from '../../runtime/worker/retry-with-tolerance.ts';
import { SourceTaskRunner } from '../../runtime/worker/source-task-runner.ts';
import { TransformChain } from '../../runtime/worker/transform-chain.ts';
import { errorHandlingConfig } from '../../runtime/worker/error-handling-config.ts';
import { taskConverters } from '../../runtime/worker/converters-wiring.ts';
import { benchPlugins, counts, MEMORY_VALUE, preserialized } from './bench-plugins.ts';
import { measure } from './raw-clients.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const FORMAT = process.argv[3] ?? 'json';

/** Acknowledges what it is given, batch by batch, with increasing offsets. */
class AckingProducer extends KafkaProducer {
  #queue: Array<{ record: ProducerRecord; listener: DeliveryListener<unknown>; token: unknown }> = [];
  #offset = 0;
  #scheduled = false;

  constructor() {
    super({ clientId: 'stub', bootstrapBrokers: ['127.0.0.1:9'] });
  }

  override produce<T>(record: ProducerRecord, listener: DeliveryListener<T>, token: T): void {
    this.#queue.push({ record, listener: listener as DeliveryListener<unknown>, token });
    if (this.#queue.length >= 1000) this.#ack();
    else if (!this.#scheduled) { this.#scheduled = true; setImmediate(() => this.#ack()); }
  }

  override async flush(): Promise<void> { this.#ack(); }
  override async close(): Promise<void> {}

  #ack(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    setImmediate(() => {
      for (const p of batch) p.listener.onDelivery(p.token, { topic: p.record.topic, partition: 0, offset: this.#offset++, timestamp: 0 });
    });
  }
}

const memoryStore: OffsetStore = { start: async () => {}, stop: async () => {}, get: async () => [], set: async () => {}, offsets: async () => [] };
const registry = await PluginRegistry.load();
const plugins = benchPlugins(registry);
const workerProps: Record<string, string> = FORMAT === 'bytes'
  ? { 'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter', 'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter' }
  : { 'key.converter': 'org.apache.kafka.connect.storage.StringConverter', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false' };
if (FORMAT === 'bytes') {
  preserialized.keys = Array.from({ length: N }, (_, n) => Buffer.from(`key-${n}`));
  preserialized.values = Array.from({ length: N }, (_, n) => Buffer.from(JSON.stringify({ ...MEMORY_VALUE, id: n })));
}
const taskConfig = { records: String(N), topic: 'bench', format: FORMAT };
const task = plugins.newConnector('MemorySource').taskClass();
const done = measure(N);
const runner = new SourceTaskRunner({
  id: { connector: 'alone', task: 0 }, taskConfig, logger: pino({ level: 'warn' }), onStateChange: () => {},
  task: new task() as never, producer: new AckingProducer(), offsetStore: memoryStore,
  converters: taskConverters(plugins, {}, workerProps), chain: TransformChain.build({}, plugins),
  operator: new RetryWithToleranceOperator(errorHandlingConfig({})), topicCreation: null,
  offsetFlushIntervalMs: 1000, offsetFlushTimeoutMs: 5000, maxInFlight: 5_000,
});
runner.start();
while (counts.acked < N) await new Promise((r) => setTimeout(r, 2));
const figure = done();
await runner.stop();
console.log(`source engine alone (${FORMAT}, no Kafka): ${Math.round(figure.rate).toLocaleString('en-US')} records/s, ${figure.cpuUsPerRecord.toFixed(2)} µs CPU/record`);
