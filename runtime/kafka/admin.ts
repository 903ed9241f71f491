// Topic administration the worker needs: create topics with configs (tolerating "already
// exists"), describe partition counts, and list beginning/end offsets.
import { Admin, findErrorBy } from '@platformatic/kafka';
import type { ClientOptions } from './client-config.ts';

export interface NewTopic {
  readonly name: string;
  /** -1: the broker's default (`num.partitions`). */
  readonly partitions: number;
  /** -1: the broker's default (`default.replication.factor`). */
  readonly replicationFactor: number;
  readonly configs?: Readonly<Record<string, string>>;
}

const EARLIEST = -2n;
const LATEST = -1n;

/** true when Kafka (or a wrapped cause) refused with this error name, e.g. TOPIC_ALREADY_EXISTS. */
export function isKafkaError(error: unknown, apiId: string): boolean {
  return error instanceof Error && findErrorBy(error, 'apiId', apiId) !== null;
}

export class KafkaAdmin {
  readonly #client: Admin;

  constructor(options: ClientOptions) {
    this.#client = new Admin(options);
  }

  /** Partition counts of the topics that exist (absent from the map: no such topic). */
  async describeTopics(topics: readonly string[]): Promise<Map<string, number>> {
    const existing = new Set(await this.#client.listTopics({ includeInternals: true }));
    const wanted = topics.filter((t) => existing.has(t));
    const out = new Map<string, number>();
    if (wanted.length === 0) return out;
    const metadata = await this.#client.metadata({ topics: wanted, forceUpdate: true });
    for (const t of wanted) {
      const count = metadata.topics.get(t)?.partitionsCount;
      if (count !== undefined) out.set(t, count);
    }
    return out;
  }

  /** Creates the topic; false when it already existed (its settings are then left alone). */
  async createTopic(topic: NewTopic): Promise<boolean> {
    try {
      await this.#client.createTopics({
        topics: [topic.name],
        partitions: topic.partitions,
        replicas: topic.replicationFactor,
        configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
      });
      return true;
    } catch (error) {
      if (isKafkaError(error, 'TOPIC_ALREADY_EXISTS')) return false;
      throw error;
    }
  }

  async endOffsets(topic: string, partitions: number): Promise<number[]> {
    return this.#listOffsets(topic, partitions, LATEST);
  }

  async beginningOffsets(topic: string, partitions: number): Promise<number[]> {
    return this.#listOffsets(topic, partitions, EARLIEST);
  }

  /** The cluster id Metadata reports. */
  async clusterId(): Promise<string> {
    return (await this.#client.metadata({ topics: [], forceUpdate: true })).id;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  async #listOffsets(topic: string, partitions: number, timestamp: bigint): Promise<number[]> {
    const listed = await this.#client.listOffsets({
      topics: [{ name: topic, partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({ partitionIndex, timestamp })) }],
    });
    const out = new Array<number>(partitions).fill(0);
    for (const t of listed) for (const p of t.partitions) out[p.partitionIndex] = Number(p.offset);
    return out;
  }
}
