// The connectors the runtime bench runs through the engine: an in-memory source, the datagen
// source with a counting commitRecord (so the bench knows when every record is acknowledged),
// and a no-op sink. Counters are shared with run.ts.
import {
  ConfigDef, SinkConnector, SinkTask, SourceConnector, SourceRecord, SourceTask, STRING_SCHEMA, type SinkRecord,
} from '../../runtime/api/index.ts';
import { DatagenConnector, DatagenTask } from '../../connectors/datagen/index.ts';
import type { PluginRegistry } from '../../runtime/plugins/index.ts';
import type { WorkerPlugins } from '../../runtime/worker/worker-plugins.ts';

/** Records acknowledged (source) / given to put() (sink), and when the first one was (start-up excluded from the steady rate). */
export const counts = { acked: 0, consumed: 0, firstAt: 0 };

function acked(): void {
  if (counts.acked++ === 0) counts.firstAt = performance.now();
}

/** Pre-serialized keys and values for the `format=bytes` memory source (the raw producer sends the same ones). */
export const preserialized: { keys: Buffer[]; values: Buffer[] } = { keys: [], values: [] };

/** A small order record (117 bytes as JSON). */
export const MEMORY_VALUE = { id: 0n, customer: 'customer-000042', amount: 1234, status: 'PAID', note: 'x'.repeat(40) };

export function memoryRecord(n: number, topic: string): SourceRecord {
  return new SourceRecord({ sourcePartition: { p: 0 }, sourceOffset: { n }, topic, keySchema: STRING_SCHEMA, key: `key-${n}`, value: { ...MEMORY_VALUE, id: BigInt(n) } });
}

function bytesRecord(n: number, topic: string): SourceRecord {
  return new SourceRecord({ sourcePartition: { p: 0 }, sourceOffset: { n }, topic, key: preserialized.keys[n], value: preserialized.values[n] });
}

class MemorySourceTask extends SourceTask {
  #next = 0;
  #records = 0;
  #topic = '';
  #make = memoryRecord;
  version() { return '1'; }
  start(props: Record<string, string>) {
    this.#records = Number(props.records);
    this.#topic = props.topic;
    if (props.format === 'bytes') this.#make = bytesRecord;
  }
  async poll() {
    if (this.#next >= this.#records) { await new Promise((r) => setTimeout(r, 5)); return null; }
    const out: SourceRecord[] = [];
    for (let i = 0; i < 500 && this.#next < this.#records; i++) out.push(this.#make(this.#next++, this.#topic));
    return out;
  }
  override commitRecord() { acked(); }
  stop() {}
}

class CountingDatagenTask extends DatagenTask {
  override commitRecord() { acked(); }
}

class NoopSinkTask extends SinkTask {
  version() { return '1'; }
  start() {}
  async put(records: readonly SinkRecord[]) {
    if (counts.consumed === 0 && records.length > 0) counts.firstAt = performance.now();
    counts.consumed += records.length;
  }
  stop() {}
}

const def = () => new ConfigDef();
class MemorySource extends SourceConnector {
  #props: Record<string, string> = {};
  version() { return '1'; }
  start(props: Record<string, string>) { this.#props = props; }
  taskClass() { return MemorySourceTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
  config() { return def(); }
}
class CountingDatagen extends DatagenConnector {
  override taskClass() { return CountingDatagenTask; }
}
class NoopSink extends SinkConnector {
  version() { return '1'; } start() {} taskClass() { return NoopSinkTask; } taskConfigs() { return [{}]; } stop() {} config() { return def(); }
}

const BENCH_CONNECTORS: Record<string, { type: 'source' | 'sink'; create: () => SourceConnector | SinkConnector }> = {
  MemorySource: { type: 'source', create: () => new MemorySource() },
  CountingDatagen: { type: 'source', create: () => new CountingDatagen() },
  NoopSink: { type: 'sink', create: () => new NoopSink() },
};

/** The registry's plugins plus the bench connectors. */
export function benchPlugins(registry: PluginRegistry): WorkerPlugins {
  return {
    connectorType: (n) => BENCH_CONNECTORS[n]?.type ?? registry.connectorType(n),
    newConnector: (n) => BENCH_CONNECTORS[n]?.create() ?? registry.newConnector(n),
    newConverter: (n) => registry.newConverter(n), newHeaderConverter: (n) => registry.newHeaderConverter(n),
    newTransformation: (n) => registry.newTransformation(n), newPredicate: (n) => registry.newPredicate(n),
  };
}
