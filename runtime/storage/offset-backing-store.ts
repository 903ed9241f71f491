// Source offsets in the offsets topic, in Kafka Connect's format: key
// `["<connector>",{<source partition>}]`, value the JSON of the source offset, null (tombstone) =
// reset. Writes wait for acks=all: the source runner calls set() only for records Kafka has
// acknowledged, and reports success only once the offsets themselves are durable.
import type { Logger } from 'pino';
import type { OffsetStorageReader } from '../api/task.ts';
import type { SourceOffset, SourcePartition } from '../data/source-record.ts';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import { asObject, decodeInternal, encodeInternal } from './internal-json.ts';
import { KafkaBasedLog, type LogTopic } from './kafka-based-log.ts';

export interface OffsetEntry {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset | null;
}

/** What the source task runner and the REST offsets endpoints use. */
export interface OffsetStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Latest offsets of these partitions, after reading the topic to its end. */
  get(connector: string, partitions: readonly SourcePartition[]): Promise<OffsetEntry[]>;
  /** Writes and waits until every entry is durable. */
  set(connector: string, entries: readonly OffsetEntry[]): Promise<void>;
  /** Every partition with a (non-reset) offset for the connector. */
  offsets(connector: string): Promise<OffsetEntry[]>;
}

/** The offsets topic's key for a source partition of a connector. */
export function offsetKey(connector: string, partition: SourcePartition): Buffer {
  return encodeInternal([connector, partition]);
}

export class KafkaOffsetBackingStore implements OffsetStore {
  readonly #log: KafkaBasedLog;
  readonly #latest = new Map<string, { connector: string; entry: OffsetEntry }>();

  constructor(clients: KafkaClients, topic: LogTopic, clientId: string, logger?: Logger) {
    this.#log = new KafkaBasedLog({ topic, clients, clientId, logger, onRecord: (r) => this.#apply(r.key, r.value) });
  }

  get topic(): string {
    return this.#log.topic;
  }

  start(): Promise<void> { return this.#log.start(); }
  stop(): Promise<void> { return this.#log.stop(); }

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<OffsetEntry[]> {
    await this.#log.readToEnd();
    return partitions.map((partition) => ({
      partition,
      offset: this.#latest.get(offsetKey(connector, partition).toString('utf8'))?.entry.offset ?? null,
    }));
  }

  async set(connector: string, entries: readonly OffsetEntry[]): Promise<void> {
    await Promise.all(entries.map((e) => this.#log.send(
      offsetKey(connector, e.partition), e.offset === null ? null : encodeInternal(e.offset))));
  }

  async offsets(connector: string): Promise<OffsetEntry[]> {
    await this.#log.readToEnd();
    return [...this.#latest.values()].filter((v) => v.connector === connector).map((v) => v.entry);
  }

  #apply(key: Buffer | null, value: Buffer | null): void {
    if (key === null) return;
    const decoded = decodeInternal(key);
    if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[0] !== 'string') {
      throw new Error('offset key is not ["<connector>",{partition}]');
    }
    const id = key.toString('utf8');
    if (value === null) {
      this.#latest.delete(id);
      return;
    }
    const partition = asObject(decoded[1], 'source partition');
    this.#latest.set(id, { connector: decoded[0], entry: { partition, offset: asObject(decodeInternal(value), 'source offset') } });
  }
}

/**
 * A connector with its own offsets topic (`offsets.storage.topic`): its own store wins on reads,
 * the worker's store is the fallback (offsets written before the connector got its own topic);
 * writes go to its own store, then best-effort to the worker's, so tools reading the worker's
 * topic keep seeing progress.
 */
export class ConnectorOffsetBackingStore implements OffsetStore {
  readonly #own: OffsetStore;
  readonly #worker: OffsetStore;
  readonly #logger: Logger | undefined;

  constructor(own: OffsetStore, worker: OffsetStore, logger?: Logger) {
    this.#own = own;
    this.#worker = worker;
    this.#logger = logger;
  }

  start(): Promise<void> { return this.#own.start(); }
  stop(): Promise<void> { return this.#own.stop(); }

  async get(connector: string, partitions: readonly SourcePartition[]): Promise<OffsetEntry[]> {
    const [own, fallback] = await Promise.all([this.#own.get(connector, partitions), this.#worker.get(connector, partitions)]);
    return own.map((e, i) => (e.offset !== null ? e : fallback[i]));
  }

  async set(connector: string, entries: readonly OffsetEntry[]): Promise<void> {
    await this.#own.set(connector, entries);
    try {
      await this.#worker.set(connector, entries);
    } catch (error) {
      this.#logger?.warn({ err: error, connector }, 'secondary write of offsets to the worker offsets topic failed');
    }
  }

  async offsets(connector: string): Promise<OffsetEntry[]> {
    const own = await this.#own.offsets(connector);
    const seen = new Set(own.map((e) => offsetKey(connector, e.partition).toString('utf8')));
    const fallback = (await this.#worker.offsets(connector)).filter((e) => !seen.has(offsetKey(connector, e.partition).toString('utf8')));
    return [...own, ...fallback];
  }
}

/** The OffsetStorageReader a source task and its connector see. */
export function offsetStorageReader(store: OffsetStore, connector: string): OffsetStorageReader {
  return {
    async offset(partition) {
      return (await store.get(connector, [partition]))[0].offset;
    },
    offsets(partitions) {
      return store.get(connector, partitions);
    },
  };
}
