// The feature tests shared by the clients driven through a command-line driver program
// (confluent-kafka-python, kafka-python, sarama). Every driver takes the same subcommands and
// flags (see python/compat_io.py) and prints JSON lines; each client's test file declares which
// features the client has, and FINDINGS.md / docs/compatibility.md say why the others are absent.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { runJsonLines, startCompatBroker, topicName, type CompatBroker, type RunOptions } from './harness.ts';
import {
  BASE_TIMESTAMP, bigValue, compressibleRecords, expectedConsumed, ONE_MIB, sampleRecords, toJsonLines, withoutTimestamp,
  type ConsumedRecord, type Delivery, type InputRecord,
} from './records.ts';

export type Codec = 'gzip' | 'snappy' | 'lz4' | 'zstd';

export type DriverSpec = {
  client: string;
  /** The program and the arguments before the subcommand. */
  command: string;
  baseArgs: string[];
  codecs: Codec[];
  idempotence: boolean;
  /** A prerequisite built once per test file (e.g. compiling the Go program). */
  prepare?: () => Promise<void>;
  cleanup?: () => void;
  timeoutMs?: number;
};

export function driverSuite(spec: DriverSpec): void {
  jest.setTimeout(60_000);
  let broker: CompatBroker;
  const call = <T>(args: string[], options: RunOptions = {}) =>
    runJsonLines<T>(spec.command, [...spec.baseArgs, args[0], '--bootstrap', broker.bootstrap, ...args.slice(1)],
      { timeoutMs: spec.timeoutMs ?? 25_000, ...options });
  const createTopic = (topic: string, partitions = 1, configs: Record<string, string> = {}) =>
    call(['create-topic', '--topic', topic, '--partitions', String(partitions),
      ...Object.entries(configs).flatMap(([k, v]) => ['--config', `${k}=${v}`])]);
  const produce = (topic: string, records: InputRecord[], extra: string[] = []) =>
    call<Delivery>(['produce', '--topic', topic, ...extra], { input: toJsonLines(records) });
  const consume = (topic: string, count: number, extra: string[] = []) =>
    call<ConsumedRecord>(['consume', '--topic', topic, '--count', String(count), ...extra]);

  beforeAll(async () => {
    await spec.prepare?.();
    broker = await startCompatBroker();
  }, 120_000);
  afterAll(async () => {
    await broker?.stop();
    spec.cleanup?.();
  });

  describe(`${spec.client}: produce and consume`, () => {
    test('keys, null keys and headers come back exactly, at the offsets the producer was told', async () => {
      const topic = topicName('roundtrip');
      await createTopic(topic);
      const records = sampleRecords();
      const delivered = await produce(topic, records, ['--acks', '1']);
      expect(delivered.map((d) => [d.partition, d.offset])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3]]);
      const consumed = await consume(topic, records.length);
      expect(withoutTimestamp(consumed)).toEqual(expectedConsumed(records));
      expect(consumed.map((r) => r.timestamp)).toEqual(records.map((r) => r.timestamp));
    });

    test.each(spec.codecs)('%s-compressed batches are stored and fetched back intact', async (codec) => {
      const topic = topicName(`codec-${codec}`);
      await createTopic(topic);
      const records = compressibleRecords(60);
      const delivered = await produce(topic, records, ['--compression', codec]);
      expect(delivered.map((d) => d.offset)).toEqual(records.map((_, i) => i));
      expect(withoutTimestamp(await consume(topic, records.length))).toEqual(expectedConsumed(records));
    });

    test('1 MiB records on a topic whose max.message.bytes allows them', async () => {
      const topic = topicName('big');
      await createTopic(topic, 1, { 'max.message.bytes': String(3 * ONE_MIB) });
      const records: InputRecord[] = [
        { key: 'big-1', value: bigValue(ONE_MIB), headers: [['size', '1MiB']], partition: 0 },
        { key: 'big-2', value: bigValue(ONE_MIB).toUpperCase(), headers: [], partition: 0 },
      ];
      const delivered = await produce(topic, records, ['--max-bytes', String(4 * ONE_MIB)]);
      expect(delivered.map((d) => d.offset)).toEqual([0, 1]);
      const consumed = await consume(topic, 2, ['--max-bytes', String(4 * ONE_MIB)]);
      expect(consumed.map((r) => [r.offset, r.key, r.value?.length])).toEqual([[0, 'big-1', ONE_MIB], [1, 'big-2', ONE_MIB]]);
      expect(withoutTimestamp(consumed)).toEqual(expectedConsumed(records));
    });

    test('a 1 MiB record is refused by a topic with the default max.message.bytes', async () => {
      const topic = topicName('too-big');
      await createTopic(topic);
      const attempt = produce(topic, [{ key: 'k', value: bigValue(2 * ONE_MIB), headers: [], partition: 0 }],
        ['--max-bytes', String(4 * ONE_MIB)]);
      // The broker's MESSAGE_TOO_LARGE (10), as each client words it; the client's own limit
      // (--max-bytes) is set high enough not to refuse the record first.
      await expect(attempt).rejects.toThrow(/Broker: Message size too large|MessageSizeTooLargeError\(\)|server rejected it/);
    });

    test('a 100-partition topic: one record per partition, each at offset 0 of its partition', async () => {
      const topic = topicName('wide');
      await createTopic(topic, 100);
      const records: InputRecord[] = Array.from({ length: 100 }, (_, p) => ({ key: `k${p}`, value: `p${p}`, headers: [], partition: p }));
      const delivered = await produce(topic, records);
      expect(delivered.map((d) => [d.partition, d.offset])).toEqual(records.map((_, p) => [p, 0]));
      const consumed = await consume(topic, 100);
      expect(consumed.map((r) => [r.partition, r.offset, r.value])).toEqual(records.map((_, p) => [p, 0, `p${p}`]));
    });

    if (spec.idempotence) {
      test('an idempotent producer (acks=all) gets a producer id and writes every record once', async () => {
        const topic = topicName('idempotent');
        await createTopic(topic, 2);
        const records = [...sampleRecords(0), ...sampleRecords(1)];
        const delivered = await produce(topic, records, ['--idempotent', '--acks', 'all']);
        expect(delivered.map((d) => [d.partition, d.offset])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3]]);
        expect(withoutTimestamp(await consume(topic, 8))).toEqual([...expectedConsumed(sampleRecords(0)), ...expectedConsumed(sampleRecords(1))]);
      });
    }
  });

  describe(`${spec.client}: offsets for times (ListOffsets by timestamp)`, () => {
    test('the first offset whose timestamp is at or after the one asked for', async () => {
      const topic = topicName('times');
      await createTopic(topic);
      await produce(topic, sampleRecords());
      const lookup = BASE_TIMESTAMP + 1500; // between the CreateTimes of records 1 and 2
      const at = (ts: number) => call<{ partition: number; offset: number; low?: number; high?: number }>(
        ['offsets-for-times', '--topic', topic, '--partition', '0', '--timestamp', String(ts)]);
      const [middle] = await at(lookup);
      expect(middle).toMatchObject({ partition: 0, offset: 2 });
      if (middle.high !== undefined) expect(middle).toMatchObject({ low: 0, high: 4 });
      expect((await at(BASE_TIMESTAMP - 60_000))[0]).toMatchObject({ offset: 0 });
      // After the last record: no such offset, which clients report as -1 (or the log end).
      expect([-1, 4]).toContain((await at(Date.now() + 3_600_000))[0].offset);
    });
  });

  describe(`${spec.client}: admin API`, () => {
    test('create with configs, describe, alter (AlterConfigs replaces the set), delete', async () => {
      const topic = topicName('admin');
      await createTopic(topic, 3, { 'retention.ms': '123456', 'cleanup.policy': 'compact' });
      const listed = (await call<{ topics: Record<string, number> }>(['list-topics']))[0].topics;
      expect(listed[topic]).toBe(3);

      type Described = { configs: Record<string, string | null> };
      const describe1 = (await call<Described>(['describe-configs', '--topic', topic]))[0].configs;
      expect(describe1).toMatchObject({ 'retention.ms': '123456', 'cleanup.policy': 'compact', 'max.message.bytes': '1048588' });

      await call(['alter-configs', '--topic', topic, '--config', 'retention.ms=654321']);
      const describe2 = (await call<Described>(['describe-configs', '--topic', topic]))[0].configs;
      // Non-incremental AlterConfigs: what the request does not name returns to its default.
      expect(describe2).toMatchObject({ 'retention.ms': '654321', 'cleanup.policy': 'delete' });

      await call(['delete-topic', '--topic', topic]);
      const after = (await call<{ topics: Record<string, number> }>(['list-topics']))[0].topics;
      expect(Object.keys(after)).not.toContain(topic);
    });
  });
}
