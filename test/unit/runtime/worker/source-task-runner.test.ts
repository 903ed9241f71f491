// The source task runner against a producer that holds every record until the test acknowledges
// it: offsets are written only for acknowledged records, commitRecord gets each record with its
// metadata after the ack, and a task that keeps SourceTask's no-op commitRecord does not have its
// records kept alive until the ack.
import { describe, expect, test } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SourceTask, type RecordMetadata } from '../../../../runtime/api/task.ts';
import { SimpleHeaderConverter } from '../../../../runtime/converters/header/simple-header-converter.ts';
import { StringConverter } from '../../../../runtime/converters/string-converter.ts';
import { SourceRecord } from '../../../../runtime/data/source-record.ts';
import type { DeliveryListener, KafkaProducer, ProducerRecord } from '../../../../runtime/kafka/producer.ts';
import type { OffsetEntry, OffsetStore } from '../../../../runtime/storage/offset-backing-store.ts';
import { RetryWithToleranceOperator } from '../../../../runtime/worker/retry-with-tolerance.ts';
import { SourceTaskRunner } from '../../../../runtime/worker/source-task-runner.ts';
import { TransformChain } from '../../../../runtime/worker/transform-chain.ts';
import { silentLogger } from '../../../../logging/logger.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(2);
  expect(check()).toBe(true);
}

/** Holds what it is given until ackAll(); offsets count from 0 in that order. */
class HoldingProducer {
  readonly held: Array<{ record: ProducerRecord; listener: DeliveryListener<unknown>; token: unknown }> = [];
  #next = 0;
  produce<T>(record: ProducerRecord, listener: DeliveryListener<T>, token: T): void {
    this.held.push({ record, listener: listener as DeliveryListener<unknown>, token });
  }
  ackAll(): void {
    for (const { record, listener, token } of this.held.splice(0)) {
      listener.onDelivery(token, { topic: record.topic, partition: 0, offset: this.#next++, timestamp: 1 });
    }
  }
  async flush(): Promise<void> {}
}

class RecordingOffsetStore implements Pick<OffsetStore, 'set'> {
  readonly written: OffsetEntry[][] = [];
  async set(_connector: string, entries: readonly OffsetEntry[]): Promise<void> {
    this.written.push([...entries]);
  }
}

/** Returns each batch once, then nothing. */
class BatchesTask extends SourceTask {
  readonly #batches: Array<() => SourceRecord[]>;
  constructor(batches: Array<() => SourceRecord[]>) {
    super();
    this.#batches = batches;
  }
  version() { return '1'; }
  start() {}
  async poll(): Promise<SourceRecord[] | null> {
    const next = this.#batches.shift();
    if (next !== undefined) return next();
    await sleep(2);
    return null;
  }
  stop() {}
}

class CommitRecordTask extends BatchesTask {
  readonly committed: Array<[SourceRecord, RecordMetadata | null]> = [];
  override commitRecord(record: SourceRecord, metadata: RecordMetadata | null) {
    this.committed.push([record, metadata]);
  }
}

const record = (n: number) => new SourceRecord({ sourcePartition: { p: 0 }, sourceOffset: { n }, topic: 't', key: `k${n}`, value: `v${n}` });

function runner(task: SourceTask, producer: HoldingProducer, store: RecordingOffsetStore): SourceTaskRunner {
  const converter = (isKey: boolean) => {
    const c = new StringConverter();
    c.configure({}, isKey);
    return c;
  };
  return new SourceTaskRunner({
    id: { connector: 'c', task: 0 }, taskConfig: {}, logger: silentLogger(), onStateChange: () => {},
    task, producer: producer as unknown as KafkaProducer, offsetStore: store as unknown as OffsetStore,
    converters: { key: converter(true), value: converter(false), header: new SimpleHeaderConverter(), keyClass: 'StringConverter', valueClass: 'StringConverter', headerClass: 'SimpleHeaderConverter' },
    chain: TransformChain.build({}, { newTransformation: () => { throw new Error('none'); }, newPredicate: () => { throw new Error('none'); } }),
    operator: new RetryWithToleranceOperator({ retryTimeoutMs: 0, retryDelayMaxMs: 1, toleranceAll: false, logEnable: false, logIncludeMessages: false, dlqTopic: '', dlqReplicationFactor: 1, dlqContextHeaders: false }),
    topicCreation: null, offsetFlushIntervalMs: 60_000, offsetFlushTimeoutMs: 5_000, maxInFlight: 100,
  });
}

describe('SourceTaskRunner', () => {
  test('offsets are written and commitRecord is called only once Kafka acknowledged the records', async () => {
    const records = [record(0), record(1), record(2)];
    const task = new CommitRecordTask([() => records]);
    const producer = new HoldingProducer();
    const store = new RecordingOffsetStore();
    const r = runner(task, producer, store);
    r.start();
    try {
      await until(() => producer.held.length === 3);
      expect(producer.held.map((h) => h.record.value!.toString())).toEqual(['v0', 'v1', 'v2']);
      await r.commitOffsets();
      expect(store.written).toEqual([]);
      expect(task.committed).toEqual([]);
      producer.ackAll();
      expect(task.committed.map(([rec, meta]) => [rec, meta?.offset])).toEqual([[records[0], 0], [records[1], 1], [records[2], 2]]);
      await r.commitOffsets();
      expect(store.written).toEqual([[{ partition: { p: 0 }, offset: { n: 2 } }]]);
    } finally {
      await r.stop();
    }
  });

  test('with SourceTask\'s own commitRecord, a record in flight is not kept alive until its ack', async () => {
    const refs: Array<WeakRef<object>> = [];
    const batch = (from: number) => () => [0, 1, 2].map((i) => {
      const rec = record(from + i);
      refs.push(new WeakRef(rec));
      return rec;
    });
    // Later batches make sure no local of the poll loop still points at the first one.
    const producer = new HoldingProducer();
    const store = new RecordingOffsetStore();
    const r = runner(new BatchesTask([batch(0), batch(3), batch(6)]), producer, store);
    r.start();
    try {
      await until(() => producer.held.length === 9);
      await sleep(10);
      gc();
      expect(refs.slice(0, 3).map((ref) => ref.deref())).toEqual([undefined, undefined, undefined]);
      await r.commitOffsets();
      expect(store.written).toEqual([]);
      producer.ackAll();
      await r.commitOffsets();
      expect(store.written).toEqual([[{ partition: { p: 0 }, offset: { n: 8 } }]]);
    } finally {
      await r.stop();
    }
  });
});
