// The worker's producer across broker outages, against the real broker over TCP: a broker process
// killed and restarted on the same port and data directory after longer than any single attempt
// takes; a proxy that cuts connections right after a Produce request reached the broker; a broker
// unreachable for longer than delivery.timeout.ms; and a record the broker refuses for good.
// Records of a partition must land in the order produced (at least once), never reordered by a retry.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createLogger, type Logger } from '../../../logging/logger.ts';
import { KafkaAdmin } from '../../../runtime/kafka/admin.ts';
import { AssignedConsumer } from '../../../runtime/kafka/assigned-consumer.ts';
import { clientOptionsFrom, type ClientOptions } from '../../../runtime/kafka/client-config.ts';
import { KafkaClients } from '../../../runtime/kafka/kafka-clients.ts';
import { KafkaProducer, type DeliveryReport } from '../../../runtime/kafka/producer.ts';
import { startBrokerProcess, type BrokerProcess } from '../../support/broker-process.ts';
import { TcpProxy } from '../../support/tcp-proxy.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger whose WARN messages the test can read. */
function capturingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        const entry = JSON.parse(line) as { level: number; msg: string };
        if (entry.level === 40) warnings.push(entry.msg);
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), warnings };
}

type Outcome = { n: number; report?: DeliveryReport; error?: Error };

/** Produces `count` numbered records round-robin over `partitions`, `perTick` every `tickMs`. */
function produceSteadily(producer: KafkaProducer, topic: string, partitions: number, count: number, perTick: number, tickMs: number): Promise<Outcome[]> {
  const outcomes: Array<Promise<Outcome>> = [];
  return new Promise((resolve) => {
    let n = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < perTick && n < count; i++, n++) {
        const k = n;
        outcomes.push(producer.send({ topic, partition: k % partitions, key: null, value: Buffer.from(String(k)) })
          .then((report) => ({ n: k, report }), (error: Error) => ({ n: k, error })));
      }
      if (n === count) {
        clearInterval(timer);
        resolve(Promise.all(outcomes));
      }
    }, tickMs);
  });
}

async function readAll(options: ClientOptions, topic: string, partition: number, until: number): Promise<number[]> {
  const reader = new AssignedConsumer(options, { maxWaitMs: 50 });
  reader.assign({ topic, partition }, 0);
  const values: number[] = [];
  const deadline = Date.now() + 20_000;
  while (new Set(values).size < until && Date.now() < deadline) for (const r of await reader.poll()) values.push(Number(r.value!.toString()));
  await reader.close();
  return values;
}

/** Every record of the partition is there, and their first copies are in the order produced. */
function expectAtLeastOnceInOrder(values: number[], produced: number[]): void {
  const firstCopies = values.filter((v, i) => values.indexOf(v) === i);
  expect(firstCopies).toEqual(produced);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('producer: a broker process killed and restarted', () => {
  let dataDir: string;
  let broker: BrokerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tributary-producer-retry-'));
    broker = await startBrokerProcess(dataDir, { 'auto.create.topics.enable': 'false' });
  });
  afterAll(async () => {
    broker.child.kill('SIGKILL');
    await broker.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('down for 12 s (longer than any single attempt, shorter than delivery.timeout.ms): every record is delivered, in the order produced per partition, with no failure', async () => {
    const port = broker.port;
    const options = clientOptionsFrom({ 'bootstrap.servers': `127.0.0.1:${port}` }, 'retry-test');
    const admin = new KafkaAdmin(options);
    await admin.createTopic({ name: 'outage', partitions: 2, replicationFactor: 1 });
    await admin.close();
    const { logger, warnings } = capturingLogger();
    const producer = new KafkaProducer(options, { lingerMs: 1, batchRecords: 10, maxInFlight: 5, logger });

    const COUNT = 1200;
    const outcomes = produceSteadily(producer, 'outage', 2, COUNT, 10, 20); // over ~2.4 s
    await sleep(600);
    broker.child.kill('SIGKILL');
    await broker.exited;
    await sleep(12_000);
    broker = await startBrokerProcess(dataDir, { 'auto.create.topics.enable': 'false', listeners: `PLAINTEXT://127.0.0.1:${port}` });
    const results = await outcomes;
    await producer.close();

    expect(results.filter((o) => o.error !== undefined).map((o) => o.error!.message)).toEqual([]);
    // Retrying started once, with its cause; not one WARN per batch or attempt.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/retriable error .*(ECONNREFUSED|Connection closed).*delivery\.timeout\.ms=120000/);
    for (const partition of [0, 1]) {
      const produced = results.filter((o) => o.n % 2 === partition).map((o) => o.n);
      // Delivery reports: offsets grow in the order the records were produced.
      const offsets = results.filter((o) => o.n % 2 === partition).map((o) => o.report!.offset);
      expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1])).toBe(true);
      const values = await readAll(options, 'outage', partition, produced.length);
      expectAtLeastOnceInOrder(values, produced);
      // Killed while idle between batches or mid-batch: nothing was acknowledged then lost, and a
      // batch written without its answer reaching us is the only source of a second copy.
      expect(values.length - produced.length).toBeLessThanOrEqual(10 * 5);
    }
  }, 60_000);
});

describe('producer: connections cut, broker unreachable, records refused', () => {
  let proxy: TcpProxy;
  let broker: TempBroker;
  let options: ClientOptions;
  let onProduceRequest: ((n: number, proxy: TcpProxy) => void) | null = null;

  beforeAll(async () => {
    proxy = await TcpProxy.start({ onProduceRequest: (n, p) => onProduceRequest?.(n, p) });
    broker = await startTempBroker({ 'advertised.listeners': `PLAINTEXT://127.0.0.1:${proxy.port}`, 'auto.create.topics.enable': 'false' });
    proxy.setTarget(broker.broker.port);
    options = clientOptionsFrom({ 'bootstrap.servers': `127.0.0.1:${proxy.port}` }, 'retry-test');
    const admin = new KafkaAdmin(options);
    await admin.createTopic({ name: 'cut', partitions: 2, replicationFactor: 1 });
    await admin.createTopic({ name: 'unreachable', partitions: 1, replicationFactor: 1 });
    await admin.createTopic({ name: 'small', partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '2000' } });
    await admin.close();
  });
  afterAll(async () => {
    await proxy.close();
    await broker.stop();
  });

  test('connections cut after Produce requests reached the broker: the batches go again before any later one, at least once and in order', async () => {
    const producer = new KafkaProducer(options, { lingerMs: 1, batchRecords: 10, maxInFlight: 5 });
    const before = proxy.stats.produceRequests;
    // The 5th, 12th, 13th and 30th Produce requests reach the broker; their answers never come back.
    onProduceRequest = (n, p) => { if ([5, 12, 13, 30].includes(n - before)) p.dropAfterNextProduce(); };
    const results = await produceSteadily(producer, 'cut', 2, 600, 10, 5);
    onProduceRequest = null;
    await producer.close();

    expect(proxy.stats.droppedAfterProduce).toBe(4);
    expect(results.filter((o) => o.error !== undefined).map((o) => o.error!.message)).toEqual([]);
    for (const partition of [0, 1]) {
      const produced = results.filter((o) => o.n % 2 === partition).map((o) => o.n);
      expectAtLeastOnceInOrder(await readAll(options, 'cut', partition, produced.length), produced);
    }
  }, 60_000);

  test('unreachable for longer than delivery.timeout.ms (set by producer.override.*): the records fail with a TimeoutException naming it; the producer works again afterwards', async () => {
    const { logger, warnings } = capturingLogger();
    // Set as a worker would: the worker's producer.* setting, overridden by a connector's producer.override.*.
    const clients = new KafkaClients({ 'bootstrap.servers': `127.0.0.1:${proxy.port}`, 'producer.delivery.timeout.ms': '10000', 'producer.retry.backoff.ms': '50' });
    const producer = clients.producer('timeout-test', { lingerMs: 1, batchRecords: 2, logger }, { 'delivery.timeout.ms': '3000' });
    await producer.send({ topic: 'unreachable', key: null, value: Buffer.from('before') });

    proxy.setTarget(await freePort());
    proxy.dropAllConnections();
    const started = Date.now();
    const sends = Array.from({ length: 6 }, (_, i) => producer.send({ topic: 'unreachable', key: null, value: Buffer.from(`lost-${i}`) })
      .then(() => null, (error: Error) => ({ error, after: Date.now() - started })));
    const failures = await Promise.all(sends);
    proxy.setTarget(broker.broker.port);

    for (const failure of failures) {
      expect(failure).not.toBeNull();
      expect(failure!.error.name).toBe('TimeoutException');
      expect(failure!.error.message).toMatch(/delivery\.timeout\.ms=3000/);
      // Retried until the deadline, not failed at the first refusal; and not much after it.
      expect(failure!.after).toBeGreaterThanOrEqual(2_900);
      expect(failure!.after).toBeLessThan(8_000);
    }
    expect(warnings).toHaveLength(1);

    const report = await producer.send({ topic: 'unreachable', key: null, value: Buffer.from('after') });
    await producer.close();
    expect(report.offset).toBe(1);
  }, 30_000);

  test('a record larger than the topic\'s max.message.bytes fails at once, without retrying', async () => {
    const { logger, warnings } = capturingLogger();
    const producer = new KafkaProducer(options, { lingerMs: 1, deliveryTimeoutMs: 60_000, logger });
    const started = Date.now();
    const error = await producer.send({ topic: 'small', key: null, value: Buffer.alloc(5_000) }).then(() => null, (e: Error) => e);
    const after = Date.now() - started;
    const report = await producer.send({ topic: 'small', key: null, value: Buffer.from('fits') });
    await producer.close();

    expect(error).not.toBeNull();
    expect(error!.name).not.toBe('TimeoutException');
    expect(after).toBeLessThan(2_000);
    expect(warnings).toEqual([]);
    expect(report.offset).toBe(0);
  });
});
