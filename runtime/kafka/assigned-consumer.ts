// A group-less consumer: the caller assigns partitions and positions. Used to read internal
// topics from the beginning to their end and then follow them (KafkaBasedLog).
import { Consumer } from '@platformatic/kafka';
import type { TopicPartition } from '../api/topic-partition.ts';
import type { ClientOptions } from './client-config.ts';
import { PartitionFetcher, type ConsumedRecord, type FetchSettings } from './partition-fetcher.ts';

export class AssignedConsumer {
  readonly #client: Consumer;
  readonly #fetcher: PartitionFetcher;

  constructor(options: ClientOptions, settings: FetchSettings = {}) {
    // The client library requires a group id; no group request is ever sent with it here.
    this.#client = new Consumer({ ...options, groupId: `${options.clientId}-assigned` });
    this.#fetcher = new PartitionFetcher(this.#client, settings);
    this.#fetcher.onOutOfRange = async (tp) => (await this.#listOffsets(tp.topic, -2n))[tp.partition] ?? 0;
  }

  assign(tp: TopicPartition, offset: number): void {
    this.#fetcher.seek(tp, offset);
  }

  position(tp: TopicPartition): number | undefined {
    return this.#fetcher.position(tp);
  }

  /** The next offset that will be written to each partition of the topic (high watermark). */
  async endOffsets(topic: string): Promise<number[]> {
    return this.#listOffsets(topic, -1n);
  }

  async partitionCount(topic: string): Promise<number> {
    const metadata = await this.#client.metadata({ topics: [topic], forceUpdate: true });
    const count = metadata.topics.get(topic)?.partitionsCount;
    if (count === undefined) throw new Error(`Topic ${topic} does not exist`);
    return count;
  }

  /** One fetch round (long polling up to the configured max wait). */
  poll(): Promise<ConsumedRecord[]> {
    return this.#fetcher.fetchOnce();
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  async #listOffsets(topic: string, timestamp: bigint): Promise<number[]> {
    const offsets = await this.#client.listOffsets({ topics: [topic], timestamp });
    return (offsets.get(topic) ?? []).map(Number);
  }
}
