// A minimal plugin written only against runtime/api, as a third-party author would: it checks
// the defaults the SPI base classes provide.
import { describe, expect, test } from '@jest/globals';
import {
  ConfigDef, ConnectException, DataException, RetriableException, SinkConnector, SinkRecord, SinkTask, SourceConnector,
  SourceRecord, SourceTask, STRING_SCHEMA, type SourceConnectorContext, type TopicPartitionOffset, type Transformation,
} from '../../../../runtime/api/index.ts';

class CounterTask extends SourceTask {
  next = 0;
  version(): string { return '1.0'; }
  start(props: Record<string, string>): void { this.next = Number(props.start); }
  async poll(): Promise<SourceRecord[]> {
    const n = this.next++;
    return [new SourceRecord({ sourcePartition: { counter: 'c' }, sourceOffset: { n }, topic: 'counts', value: BigInt(n) })];
  }
  stop(): void {}
}

class CounterConnector extends SourceConnector {
  props: Record<string, string> = {};
  version(): string { return '1.0'; }
  start(props: Record<string, string>): void { this.props = props; }
  taskClass() { return CounterTask; }
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ start: String(i * 100) }));
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef().define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Where to write.' });
  }
  reconfigureFromContext(): void { this.context.requestTaskReconfiguration(); }
}

class BufferingSinkTask extends SinkTask {
  written: SinkRecord[] = [];
  flushed = 0;
  version(): string { return '1.0'; }
  start(): void {}
  async put(records: readonly SinkRecord[]): Promise<void> { this.written.push(...records); }
  override flush(): void { this.flushed = this.written.length; }
  stop(): void {}
}

class NoopSinkConnector extends SinkConnector {
  version(): string { return '1.0'; }
  start(): void {}
  taskClass() { return BufferingSinkTask; }
  taskConfigs(): Record<string, string>[] { return [{}]; }
  stop(): void {}
  config(): ConfigDef { return new ConfigDef(); }
}

const upperCase: Transformation<SourceRecord> = {
  configure: () => {},
  apply: (r) => r.newRecord(r.topic, r.kafkaPartition, STRING_SCHEMA, 'K', r.valueSchema, r.value, r.timestamp),
  config: () => new ConfigDef(),
  close: () => {},
};

describe('plugin SPI', () => {
  test('a source connector splits work; its task class creates pollable tasks', async () => {
    const connector = new CounterConnector();
    let reconfigurations = 0;
    const context: SourceConnectorContext = {
      requestTaskReconfiguration: () => { reconfigurations++; },
      raiseError: () => {},
      offsetStorageReader: () => ({ offset: async () => null, offsets: async () => [] }),
    };
    connector.initialize(context);
    await connector.start({ topic: 'counts' });
    const configs = await connector.taskConfigs(2);
    expect(configs).toEqual([{ start: '0' }, { start: '100' }]);
    const TaskClass = connector.taskClass();
    const task = new TaskClass();
    await task.start(configs[1]);
    const [record] = (await task.poll())!;
    expect([record.value, record.sourceOffset]).toEqual([100n, { n: 100 }]);
    expect(upperCase.apply(record)!.key).toBe('K');
    connector.reconfigureFromContext();
    expect(reconfigurations).toBe(1);
    expect(connector.exactlyOnceSupport({})).toBeNull();
    expect(await connector.alterOffsets({}, [])).toBe(false);
  });

  test('the default validate checks the connector config against config()', async () => {
    const result = await new CounterConnector().validate({});
    expect(result.errorCount).toBe(1);
    expect(result.configValues[0].errorMessages[0]).toContain('Missing required configuration "topic"');
  });

  test('the default preCommit flushes, then returns the consumed offsets', async () => {
    const task = new (new NoopSinkConnector().taskClass())();
    await task.put([new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 5, value: 'v' })]);
    const offsets: TopicPartitionOffset[] = [{ topic: 't', partition: 0, offset: 6 }];
    expect(await task.preCommit(offsets)).toEqual(offsets);
    expect(task.flushed).toBe(1);
  });

  test('a context used before initialize is a clear error', () => {
    expect(() => new CounterConnector().reconfigureFromContext()).toThrow('Connector used before initialize()');
  });

  test('exception classes keep the hierarchy the worker relies on', () => {
    const retriable = new RetriableException('try again');
    expect(retriable).toBeInstanceOf(ConnectException);
    expect(retriable.name).toBe('RetriableException');
    expect(new DataException('bad')).toBeInstanceOf(ConnectException);
    expect(new DataException('bad')).not.toBeInstanceOf(RetriableException);
  });
});
