// The ceilings the engine is compared against: the raw @platformatic/kafka producer sending
// already-serialized records in batches of 1000 (5 in flight, as the engine's producer), the
// worker's own producer (runtime/kafka, which encodes batches itself) sending the same, and the
// group-less fetch loop of runtime/kafka reading a topic. Also the cost of making the records
// without any Kafka client (task poll + converters), to tell the task's own cost from the engine's.
import { Producer } from '@platformatic/kafka';
import type { Converter } from '../../runtime/api/index.ts';
import type { SourceRecord, SourceTask } from '../../runtime/api/index.ts';
import type { KafkaClients } from '../../runtime/kafka/kafka-clients.ts';

/** A measured run: records/s (wall clock) and CPU time per record (user+system, whole process, broker included). */
export interface Figure {
  rate: number;
  cpuUsPerRecord: number;
  /** Engine runs: records/s from the first record on (without task/consumer start-up). */
  steadyRate?: number;
}

/** Starts a measurement of `count` records; call the returned function when they are done (with when the first was). */
export function measure(count: number): (firstAt?: number) => Figure {
  const start = performance.now();
  const cpu = process.cpuUsage();
  return (firstAt) => {
    const end = performance.now();
    const used = process.cpuUsage(cpu);
    const figure: Figure = { rate: count / ((end - start) / 1000), cpuUsPerRecord: (used.user + used.system) / count };
    if (firstAt !== undefined) figure.steadyRate = (count - 1) / ((end - firstAt) / 1000);
    return figure;
  };
}

export interface RawMessage {
  topic: string;
  partition: number;
  key: Buffer | undefined;
  value: Buffer | undefined;
}

/** The raw producer (acks=all, idempotent) sending `messages`. */
export async function rawProduce(clients: KafkaClients, messages: RawMessage[]): Promise<Figure> {
  const raw = new Producer({ ...clients.options('producer', 'raw'), idempotent: true, acks: -1 });
  await raw.initIdempotentProducer({ producerId: -1n, producerEpoch: -1 });
  const done = measure(messages.length);
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < messages.length; i += 1000) {
    const p = raw.send({ messages: messages.slice(i, i + 1000) }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 5) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const figure = done();
  await raw.close();
  return figure;
}

/**
 * The worker's own producer (runtime/kafka, as a source task's: acks=all, idempotent, linger 5 ms)
 * sending the same pre-encoded records: what the engine costs on top of its own client.
 */
export async function runtimeProduce(clients: KafkaClients, messages: RawMessage[]): Promise<Figure> {
  const producer = clients.producer('runtime-raw', { acks: -1, idempotent: true, lingerMs: 5 });
  let failure: Error | null = null;
  let acked = 0;
  let wake: (() => void) | null = null;
  // As the engine's source loop: at most 5000 records outstanding (tributary.source.max.in.flight.records).
  const limit = 5_000;
  const listener = {
    onDelivery: () => {
      acked++;
      if (wake !== null) { wake(); wake = null; }
    },
    onFailure: (_: unknown, error: Error) => { failure ??= error; },
  };
  const done = measure(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    while (i - acked >= limit && failure === null) await new Promise<void>((r) => { wake = r; });
    producer.produce({ topic: m.topic, partition: m.partition, key: m.key ?? null, value: m.value ?? null }, listener, i);
  }
  await producer.flush();
  const figure = done();
  await producer.close();
  if (failure !== null || acked !== messages.length) throw new Error(`runtime producer: ${acked} of ${messages.length} acknowledged`, { cause: failure });
  return figure;
}

/**
 * A client application without Connect: it builds each record itself (`make`, JSON encoding
 * included) right before producing it, in batches of 1000 with 5 in flight as rawProduce —
 * what a user writes instead of a source connector. Records are made inside the measurement.
 */
export async function appProduce(clients: KafkaClients, count: number, make: (n: number) => RawMessage): Promise<Figure> {
  const raw = new Producer({ ...clients.options('producer', 'app'), idempotent: true, acks: -1 });
  await raw.initIdempotentProducer({ producerId: -1n, producerEpoch: -1 });
  const done = measure(count);
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i += 1000) {
    const messages: RawMessage[] = [];
    for (let n = i; n < i + 1000 && n < count; n++) messages.push(make(n));
    const p = raw.send({ messages }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 5) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const figure = done();
  await raw.close();
  return figure;
}

/** The fetch loop reading `count` records of partition 0 from the beginning. */
export async function rawFetch(clients: KafkaClients, topic: string, count: number): Promise<Figure> {
  const reader = clients.assignedConsumer('raw-reader', { maxWaitMs: 100 });
  reader.assign({ topic, partition: 0 }, 0);
  const done = measure(count);
  let read = 0;
  while (read < count) read += (await reader.poll()).length;
  const figure = done();
  await reader.close();
  return figure;
}

export interface PolledBytes {
  messages: RawMessage[];
  /** poll() + converters alone. */
  figure: Figure;
}

/** Polls `task` (already started) until it has returned `count` records, converting each as the engine would. */
export async function pollAndConvert(task: SourceTask, count: number, key: Converter, value: Converter, rawTopic: string): Promise<PolledBytes> {
  const messages: RawMessage[] = [];
  const done = measure(count);
  while (messages.length < count) {
    const records: SourceRecord[] | null = await task.poll();
    for (const r of records ?? []) {
      messages.push({
        topic: rawTopic, partition: 0,
        key: key.fromConnectData(r.topic, [], r.keySchema, r.key) ?? undefined,
        value: value.fromConnectData(r.topic, [], r.valueSchema, r.value) ?? undefined,
      });
    }
  }
  return { messages, figure: done() };
}
