// How a batch reaches Kafka: its partitions' leaders are found (prepare(), which may wait on
// metadata, a producer id or a connection), then its records are encoded per partition and
// handed to the leaders' connections in one synchronous step (start()), so batches take their
// sequence numbers and reach the sockets in the order they were produced.
import { kGetApi, kGetConnection, type Broker, type Connection, type Producer } from '@platformatic/kafka';
import { isSupportedProduceVersion, sendProduce, type PartitionBatch, type ProduceResponse } from './produce-request.ts';
import { recordBaseOffsets, type Batch, type PartitionGroup } from './producer-batch.ts';
import { ProducerIdentity } from './producer-identity.ts';
import { encodeRecordBatch, NO_IDENTITY, type Codec } from './record-batch-encoder.ts';

export interface SenderSettings {
  acks: -1 | 0 | 1;
  idempotent: boolean;
  compression: Codec;
  /** The Produce request's timeout_ms (the Java producer's request.timeout.ms). */
  requestTimeoutMs: number;
}

/** What a send has waited for: the producer's identity, the Produce version and each leader's connection with its partitions. */
export interface PreparedSend {
  readonly identity: ProducerIdentity | null;
  readonly version: number;
  readonly routes: ReadonlyArray<{ readonly connection: Connection; readonly groups: PartitionGroup[] }>;
}

export class ProduceSender {
  readonly #client: Producer;
  readonly #settings: SenderSettings;
  #identity: Promise<ProducerIdentity | null> | null = null;
  #version: Promise<number> | null = null;

  constructor(client: Producer, settings: SenderSettings) {
    this.#client = client;
    this.#settings = settings;
  }

  /** Finds the leader of every partition of `groups` not delivered yet; `refresh` asks for fresh metadata (after a failure). */
  async prepare(groups: readonly PartitionGroup[], refresh: boolean): Promise<PreparedSend> {
    const identity = await this.#ensureIdentity();
    const version = await this.#produceVersion();
    const pending = groups.filter((g) => g.baseOffset === null);
    if (pending.length === 0) return { identity, version, routes: [] };
    const metadata = await this.#client.metadata({ topics: [...new Set(pending.map((g) => g.topic))], forceUpdate: refresh });
    const byLeader = new Map<number, PartitionGroup[]>();
    for (const group of pending) {
      const leader = metadata.topics.get(group.topic)?.partitions[group.partition]?.leader ?? -1;
      const led = byLeader.get(leader);
      if (led === undefined) byLeader.set(leader, [group]);
      else led.push(group);
    }
    // A partition without a leader gets the pool's retriable "not available in the current cluster metadata".
    const routes = await Promise.all([...byLeader].map(async ([leader, led]) => ({ connection: await this.#connectionTo(metadata.brokers.get(leader)), groups: led })));
    return { identity, version, routes };
  }

  /**
   * Encodes the batch's pending partitions and hands them to their connections, synchronously.
   * The promise resolves once Kafka has taken every partition (their groups' baseOffset is set)
   * and rejects with the first failure; partitions taken before it keep their baseOffset, so a
   * retry sends only the rest.
   */
  start(prepared: PreparedSend, batch: Batch): Promise<void> {
    const { identity, version, routes } = prepared;
    const sends = routes.map(({ connection, groups }) => sendProduce(connection, version, this.#settings.acks, this.#settings.requestTimeoutMs,
      groups.map((group) => this.#encode(batch, group, identity))));
    return settle(sends, routes);
  }

  /** After a failed send: the partitions' sequences may be behind the broker's, so the next send takes a fresh producer id. */
  forgetIdentity(): void {
    this.#identity = null;
  }

  /**
   * Asks for a producer id as Kafka's Java producer does (id -1, epoch -1). Left to itself the
   * client library sends id 0 / epoch 0, which a broker may read as "bump producer 0's epoch"
   * (KIP-360), making unrelated producers share one id and break each other's sequences.
   */
  #ensureIdentity(): Promise<ProducerIdentity | null> {
    if (!this.#settings.idempotent) return Promise.resolve(null);
    this.#identity ??= this.#client.initIdempotentProducer({ producerId: -1n, producerEpoch: -1 }).then(
      (info) => new ProducerIdentity(info.producerId, info.producerEpoch),
      (error: unknown) => {
        this.#identity = null;
        throw error;
      });
    return this.#identity;
  }

  /** The highest Produce version both the broker and the library's response parsers know. */
  #produceVersion(): Promise<number> {
    this.#version ??= new Promise<number>((resolve, reject) => {
      this.#client[kGetApi]('Produce', (error, api) => {
        if (error) reject(error);
        else if (!isSupportedProduceVersion(api!.version)) reject(new Error(`The broker offers Produce v${api!.version} only; this producer needs v3 to v11`));
        else resolve(api!.version);
      });
    }).catch((error: unknown) => {
      this.#version = null;
      throw error;
    });
    return this.#version;
  }

  #connectionTo(broker: Broker | undefined): Promise<Connection> {
    return new Promise((resolve, reject) => this.#client[kGetConnection](broker as Broker, (error, connection) => {
      if (error) reject(error);
      else resolve(connection!);
    }));
  }

  #encode(batch: Batch, group: PartitionGroup, identity: ProducerIdentity | null): PartitionBatch {
    const batchIdentity = identity === null ? NO_IDENTITY : {
      producerId: identity.producerId, producerEpoch: identity.producerEpoch,
      baseSequence: identity.takeSequence(group.topic, group.partition, group.indexes.length),
    };
    const encoded = encodeRecordBatch(batch.records, batch.timestamps, group.indexes, batchIdentity, this.#settings.compression);
    return { topic: group.topic, partition: group.partition, batch: encoded };
  }
}

/** Waits for every request and records the partitions Kafka took, also from an answer that failed for other partitions. */
async function settle(sends: ReadonlyArray<Promise<ProduceResponse | null>>, routes: PreparedSend['routes']): Promise<void> {
  const answers = await Promise.allSettled(sends);
  let failure: { reason: unknown } | null = null;
  answers.forEach((answer, r) => {
    if (answer.status === 'fulfilled') {
      recordBaseOffsets(routes[r].groups, answer.value);
      return;
    }
    const partial = (answer.reason as { response?: ProduceResponse } | null)?.response;
    if (partial !== undefined) recordBaseOffsets(routes[r].groups, partial);
    failure ??= { reason: answer.reason };
  });
  if (failure !== null) throw (failure as { reason: unknown }).reason;
  const missing = routes.flatMap((r) => r.groups).find((g) => g.baseOffset === null);
  if (missing !== undefined) throw new Error(`The Produce answer does not mention ${missing.topic}-${missing.partition}, which was sent`);
}
