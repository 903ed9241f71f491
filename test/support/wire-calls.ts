// Typed shortcuts for the requests the broker tests send most.
import { decodeCreateTopicsResponse, encodeCreateTopicsRequest } from '../../broker/protocol/generated/create-topics.ts';
import { decodeFetchResponse, encodeFetchRequest } from '../../broker/protocol/generated/fetch.ts';
import { decodeListOffsetsResponse, encodeListOffsetsRequest } from '../../broker/protocol/generated/list-offsets.ts';
import { decodeOffsetFetchResponse, encodeOffsetFetchRequest } from '../../broker/protocol/generated/offset-fetch.ts';
import { decodeProduceResponse, encodeProduceRequest } from '../../broker/protocol/generated/produce.ts';
import type { WireClient } from './wire-client.ts';

export async function createTopic(client: WireClient, name: string, partitions = 1, configs: Record<string, string> = {}) {
  const response = await client.call(19, 7, encodeCreateTopicsRequest, decodeCreateTopicsResponse, {
    topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [],
      configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }],
    timeoutMs: 5000, validateOnly: false,
  });
  return response.topics[0];
}

export async function produce(client: WireClient, topic: string, partition: number, records: Buffer, acks = -1, version = 9) {
  const response = await client.call(0, version, encodeProduceRequest, decodeProduceResponse, {
    transactionalId: null, acks, timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
  return response.responses[0].partitionResponses[0];
}

export async function fetch(client: WireClient, topic: string, partition: number, offset: number,
  options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number; version?: number } = {}) {
  const response = await client.call(1, options.version ?? 11, encodeFetchRequest, decodeFetchResponse, {
    clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1 },
    maxWaitMs: options.maxWaitMs ?? 0, minBytes: options.minBytes ?? 1, maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
    isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
    topics: [{ topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{
      partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1,
      partitionMaxBytes: options.partitionMaxBytes ?? 1024 * 1024, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA',
    }] }],
    forgottenTopicsData: [], rackId: '',
  });
  return response;
}

/** The partition's log end offset (ListOffsets, timestamp -1). */
export async function endOffset(client: WireClient, topic: string, partition: number): Promise<number> {
  const response = await client.call(2, 7, encodeListOffsetsRequest, decodeListOffsetsResponse, {
    replicaId: -1, isolationLevel: 0, timeoutMs: 5000,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }],
  });
  return response.topics[0].partitions[0].offset;
}

/** The group's committed offset for the partition, -1 when it has none (OffsetFetch). */
export async function committedOffset(client: WireClient, group: string, topic: string, partition: number): Promise<number> {
  const response = await client.call(9, 7, encodeOffsetFetchRequest, decodeOffsetFetchResponse, {
    groupId: group, topics: [{ name: topic, partitionIndexes: [partition] }], groups: [], requireStable: false,
  });
  return response.topics[0].partitions[0].committedOffset;
}
