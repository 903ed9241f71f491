// A topic used as a replicated log of key/value updates (Kafka Connect's KafkaBasedLog): created
// compacted if missing, read from the beginning to its end at start, then followed in the
// background. Writers append with acks=all; readToEnd() lets a caller see everything written
// before it was called (by this worker or any other).
import type { Logger } from 'pino';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import type { KafkaProducer, DeliveryReport } from '../kafka/producer.ts';
import type { AssignedConsumer } from '../kafka/assigned-consumer.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import { silentLogger } from '../../logging/logger.ts';

export interface LogTopic {
  readonly name: string;
  /** -1: broker default. */
  readonly partitions: number;
  /** -1: broker default. */
  readonly replicationFactor: number;
}

export interface KafkaBasedLogOptions {
  readonly topic: LogTopic;
  readonly clients: KafkaClients;
  readonly clientId: string;
  /** Called for every record, in offset order per partition, from the start of the topic. */
  readonly onRecord: (record: ConsumedRecord) => void;
  readonly logger?: Logger;
  /** Long-poll bound of the follow loop (also how long stop() may wait). */
  readonly pollWaitMs?: number;
}

interface EndWaiter {
  readonly ends: number[];
  resolve(): void;
  reject(error: Error): void;
}

export class KafkaBasedLog {
  readonly #options: KafkaBasedLogOptions;
  readonly #log: Logger;
  #producer: KafkaProducer | null = null;
  #consumer: AssignedConsumer | null = null;
  #partitions = 0;
  #running = false;
  #loop: Promise<void> | null = null;
  #waiters: EndWaiter[] = [];

  constructor(options: KafkaBasedLogOptions) {
    this.#options = options;
    this.#log = (options.logger ?? silentLogger()).child({ component: 'kafka-based-log', topic: options.topic.name });
  }

  get topic(): string {
    return this.#options.topic.name;
  }

  /** Creates the topic (compacted) if needed, reads it to the end, then follows it. */
  async start(): Promise<void> {
    const { topic, clients, clientId } = this.#options;
    const admin = clients.admin(`${clientId}-admin`);
    try {
      const created = await admin.createTopic({ ...topic, configs: { 'cleanup.policy': 'compact' } });
      if (created) this.#log.info({ partitions: topic.partitions }, 'created internal topic');
      const described = await admin.describeTopics([topic.name]);
      this.#partitions = described.get(topic.name) ?? 0;
    } finally {
      await admin.close();
    }
    if (this.#partitions === 0) throw new Error(`Internal topic ${topic.name} could not be created`);
    this.#producer = clients.producer(`${clientId}-producer`, { acks: -1, idempotent: true, lingerMs: 0, logger: this.#log });
    this.#consumer = clients.assignedConsumer(`${clientId}-consumer`, { maxWaitMs: this.#options.pollWaitMs ?? 200 });
    for (let partition = 0; partition < this.#partitions; partition++) this.#consumer.assign({ topic: topic.name, partition }, 0);
    this.#running = true;
    this.#loop = this.#follow();
    await this.readToEnd();
  }

  /** Appends one record; resolves when Kafka acknowledged it (acks=all). */
  send(key: Buffer, value: Buffer | null, partition?: number): Promise<DeliveryReport> {
    if (this.#producer === null) return Promise.reject(new Error(`Log ${this.topic} is not started`));
    return this.#producer.send({ topic: this.topic, partition: partition ?? null, key, value });
  }

  /** Resolves once every record written before this call has been passed to onRecord. */
  async readToEnd(): Promise<void> {
    if (this.#consumer === null || !this.#running) throw new Error(`Log ${this.topic} is not started`);
    const ends = await this.#consumer.endOffsets(this.topic);
    if (this.#reached(ends)) return;
    await new Promise<void>((resolve, reject) => this.#waiters.push({ ends, resolve, reject }));
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    await this.#producer?.close();
    await this.#consumer?.close();
    for (const w of this.#waiters.splice(0)) w.reject(new Error(`Log ${this.topic} stopped`));
  }

  #reached(ends: readonly number[]): boolean {
    return ends.every((end, partition) => (this.#consumer!.position({ topic: this.topic, partition }) ?? 0) >= end);
  }

  async #follow(): Promise<void> {
    let failingSince: number | null = null;
    while (this.#running) {
      try {
        const records = await this.#consumer!.poll();
        if (failingSince !== null) this.#log.info({ failedForMs: Date.now() - failingSince }, 'reading the internal topic again');
        failingSince = null;
        for (const record of records) this.#apply(record);
        this.#waiters = this.#waiters.filter((w) => {
          if (!this.#reached(w.ends)) return true;
          w.resolve();
          return false;
        });
      } catch (error) {
        if (!this.#running) break;
        // Once per outage at WARN: a broker that is away for minutes must not flood the log.
        if (failingSince === null) this.#log.warn({ err: error }, 'reading the internal topic failed; retrying');
        else this.#log.debug({ err: error }, 'reading the internal topic failed again; retrying');
        failingSince ??= Date.now();
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  #apply(record: ConsumedRecord): void {
    try {
      this.#options.onRecord(record);
    } catch (error) {
      // One malformed record (written by a foreign tool) must not stop the log for everyone.
      this.#log.error({ err: error, partition: record.partition, offset: record.offset }, 'skipped an unreadable record');
    }
  }
}
