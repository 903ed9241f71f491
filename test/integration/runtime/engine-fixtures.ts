// Test connectors for the worker engine tests and a plugin set that adds them to the built-ins.
import {
  ConfigDef, SinkConnector, SinkTask, SourceConnector, SourceRecord, SourceTask, STRING_SCHEMA,
  type RecordMetadata, type SinkRecord, type TopicPartition, type TopicPartitionOffset,
} from '../../../runtime/api/index.ts';
import { PluginRegistry } from '../../../runtime/plugins/index.ts';
import type { WorkerPlugins } from '../../../runtime/worker/worker-plugins.ts';

/** Emits `count` records from `start` (or after the committed offset) to `topic`; every 10th is flagged. */
export class CountingSourceTask extends SourceTask {
  static committed: Array<{ n: number; offset: number | null }> = [];
  static commits = 0;
  #next = 0;
  #end = 0;
  #topic = '';
  #stopped = false;
  version() { return '1'; }
  async start(props: Record<string, string>) {
    this.#topic = props.topic;
    const offset = await this.context.offsetStorageReader().offset({ source: 'counter' });
    this.#next = offset === null ? 0 : Number(offset.n) + 1;
    this.#end = this.#next + Number(props.count);
  }
  async poll() {
    if (this.#stopped || this.#next >= this.#end) {
      await new Promise((r) => setTimeout(r, 20));
      return null;
    }
    const batch: SourceRecord[] = [];
    while (batch.length < 7 && this.#next < this.#end) {
      const n = this.#next++;
      const record = new SourceRecord({
        sourcePartition: { source: 'counter' }, sourceOffset: { n }, topic: this.#topic,
        keySchema: STRING_SCHEMA, key: `k${n}`, value: { n: BigInt(n), text: `record ${n}` }, timestamp: 1_700_000_000_000 + n,
      });
      if (n % 10 === 9) record.headers.addString('flag', 'drop me');
      batch.push(record);
    }
    return batch;
  }
  override commitRecord(record: SourceRecord, metadata: RecordMetadata | null) {
    CountingSourceTask.committed.push({ n: Number(record.sourceOffset!.n), offset: metadata?.offset ?? null });
  }
  override commit() { CountingSourceTask.commits++; }
  stop() { this.#stopped = true; }
}

export class CountingSourceConnector extends SourceConnector {
  #props: Record<string, string> = {};
  version() { return '1'; }
  start(props: Record<string, string>) { this.#props = props; }
  taskClass() { return CountingSourceTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
  config() {
    return new ConfigDef()
      .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Target topic.' })
      .define({ name: 'count', type: 'INT', importance: 'HIGH', documentation: 'Records to emit.' });
  }
}

/** Records what it was given; preCommit approves only offsets up to `durableUpTo` per partition. */
export class RecordingSinkTask extends SinkTask {
  static received: SinkRecord[] = [];
  static opened: TopicPartition[] = [];
  static durableUpTo: number | null = null;
  static failPutWith: Error | null = null;
  version() { return '1'; }
  start() {}
  override open(partitions: readonly TopicPartition[]) { RecordingSinkTask.opened.push(...partitions); }
  async put(records: readonly SinkRecord[]) {
    if (RecordingSinkTask.failPutWith !== null) throw RecordingSinkTask.failPutWith;
    RecordingSinkTask.received.push(...records);
  }
  override async preCommit(current: readonly TopicPartitionOffset[]) {
    const limit = RecordingSinkTask.durableUpTo;
    return limit === null ? [...current] : current.map((o) => ({ ...o, offset: Math.min(o.offset, limit) }));
  }
  stop() {}
}

export class RecordingSinkConnector extends SinkConnector {
  #props: Record<string, string> = {};
  version() { return '1'; }
  start(props: Record<string, string>) { this.#props = props; }
  taskClass() { return RecordingSinkTask; }
  taskConfigs() { return [this.#props]; }
  stop() {}
  config() { return new ConfigDef().define({ name: 'topics', type: 'LIST', importance: 'HIGH', documentation: 'Topics.' }); }
}

/** The built-in converters and transforms plus the test connectors above. */
export async function enginePlugins(): Promise<WorkerPlugins> {
  const registry = await PluginRegistry.load();
  const own: Record<string, { type: 'source' | 'sink'; create: () => SourceConnector | SinkConnector }> = {
    CountingSource: { type: 'source', create: () => new CountingSourceConnector() },
    RecordingSink: { type: 'sink', create: () => new RecordingSinkConnector() },
  };
  return {
    connectorType: (name) => own[name]?.type ?? registry.connectorType(name),
    newConnector: (name) => own[name]?.create() ?? registry.newConnector(name),
    newConverter: (name) => registry.newConverter(name),
    newHeaderConverter: (name) => registry.newHeaderConverter(name),
    newTransformation: (name) => registry.newTransformation(name),
    newPredicate: (name) => registry.newPredicate(name),
  };
}
