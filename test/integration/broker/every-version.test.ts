// Every advertised version of every API, with a request that reaches the per-partition and
// per-config paths: the response must encode (a field a version lacks must keep its default)
// and carry no error.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import * as alterConfigs from '../../../broker/protocol/generated/alter-configs.ts';
import * as createPartitions from '../../../broker/protocol/generated/create-partitions.ts';
import * as createTopics from '../../../broker/protocol/generated/create-topics.ts';
import * as deleteRecords from '../../../broker/protocol/generated/delete-records.ts';
import * as deleteTopics from '../../../broker/protocol/generated/delete-topics.ts';
import * as describeCluster from '../../../broker/protocol/generated/describe-cluster.ts';
import * as describeConfigs from '../../../broker/protocol/generated/describe-configs.ts';
import * as fetchApi from '../../../broker/protocol/generated/fetch.ts';
import * as incremental from '../../../broker/protocol/generated/incremental-alter-configs.ts';
import * as initProducerId from '../../../broker/protocol/generated/init-producer-id.ts';
import * as listOffsets from '../../../broker/protocol/generated/list-offsets.ts';
import * as metadata from '../../../broker/protocol/generated/metadata.ts';
import * as produceApi from '../../../broker/protocol/generated/produce.ts';
import { encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { allHandlers } from '../../../broker/server/handlers/index.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let client: WireClient;
let topicId: string;
beforeAll(async () => {
  broker = await startTempBroker();
  client = await WireClient.connect(broker.broker.port);
  topicId = (await createTopic(client, 'ev', 2)).topicId;
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';
/** Collects every error code in a decoded response, however deeply nested. */
function errorCodes(value: unknown, found: number[] = []): number[] {
  if (Array.isArray(value)) for (const v of value) errorCodes(v, found);
  else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'errorCode' || k === 'topicConfigErrorCode') found.push(v as number);
      else errorCodes(v, found);
    }
  }
  return found;
}

type Case = { apiKey: number; encode: (w: never, v: number, m: never) => void; decode: (r: never, v: number) => unknown; request: (v: number, i: number) => unknown };

const cases: Case[] = [
  { apiKey: 3, ...codec(metadata.encodeMetadataRequest, metadata.decodeMetadataResponse), request: (v) => ({
    topics: [{ name: 'ev', topicId: ZERO }], allowAutoTopicCreation: true,
    includeClusterAuthorizedOperations: v >= 8 && v <= 10, includeTopicAuthorizedOperations: v >= 8 }) },
  { apiKey: 0, ...codec(produceApi.encodeProduceRequest, produceApi.decodeProduceResponse), request: () => ({
    transactionalId: null, acks: -1, timeoutMs: 1000,
    topicData: [{ name: 'ev', partitionData: [{ index: 0, records: encodeBatch([{ value: Buffer.from('v') }]) }] }] }) },
  { apiKey: 1, ...codec(fetchApi.encodeFetchRequest, fetchApi.decodeFetchResponse), request: (v) => ({
    clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1 }, maxWaitMs: 0, minBytes: 1,
    maxBytes: 1 << 20, isolationLevel: v >= 4 ? 1 : 0, sessionId: 0, sessionEpoch: -1,
    topics: [{ topic: v < 13 ? 'ev' : '', topicId: v >= 13 ? topicId : ZERO, partitions: [{
      partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20, replicaDirectoryId: ZERO }] }],
    forgottenTopicsData: [], rackId: '' }) },
  { apiKey: 2, ...codec(listOffsets.encodeListOffsetsRequest, listOffsets.decodeListOffsetsResponse), request: (v) => ({
    replicaId: -1, isolationLevel: 0, timeoutMs: v >= 10 ? 1000 : 0,
    topics: [{ name: 'ev', partitions: [-1, -2, 0].map((timestamp, p) => ({ partitionIndex: p % 2, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 })) }] }) },
  { apiKey: 19, ...codec(createTopics.encodeCreateTopicsRequest, createTopics.decodeCreateTopicsResponse), request: (v, i) => ({
    topics: [{ name: `created-${v}-${i}`, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '1000' }] }],
    timeoutMs: 1000, validateOnly: false }) },
  { apiKey: 37, ...codec(createPartitions.encodeCreatePartitionsRequest, createPartitions.decodeCreatePartitionsResponse), request: (v, i) => ({
    topics: [{ name: 'ev', count: 3 + 2 * v + i, assignments: null }], timeoutMs: 1000, validateOnly: false }) },
  { apiKey: 21, ...codec(deleteRecords.encodeDeleteRecordsRequest, deleteRecords.decodeDeleteRecordsResponse), request: () => ({
    topics: [{ name: 'ev', partitions: [{ partitionIndex: 1, offset: 0 }] }], timeoutMs: 1000 }) },
  { apiKey: 32, ...codec(describeConfigs.encodeDescribeConfigsRequest, describeConfigs.decodeDescribeConfigsResponse), request: (v) => ({
    resources: [{ resourceType: 2, resourceName: 'ev', configurationKeys: null }, { resourceType: 4, resourceName: '1', configurationKeys: null }],
    includeSynonyms: v >= 1, includeDocumentation: v >= 3 }) },
  { apiKey: 33, ...codec(alterConfigs.encodeAlterConfigsRequest, alterConfigs.decodeAlterConfigsResponse), request: () => ({
    resources: [{ resourceType: 2, resourceName: 'ev', configs: [{ name: 'retention.ms', value: '5000' }] }], validateOnly: false }) },
  { apiKey: 44, ...codec(incremental.encodeIncrementalAlterConfigsRequest, incremental.decodeIncrementalAlterConfigsResponse), request: () => ({
    resources: [{ resourceType: 2, resourceName: 'ev', configs: [{ name: 'retention.ms', configOperation: 0, value: '6000' }] }], validateOnly: false }) },
  { apiKey: 60, ...codec(describeCluster.encodeDescribeClusterRequest, describeCluster.decodeDescribeClusterResponse), request: () => ({
    includeClusterAuthorizedOperations: true, endpointType: 1 }) },
  { apiKey: 22, ...codec(initProducerId.encodeInitProducerIdRequest, initProducerId.decodeInitProducerIdResponse), request: () => ({
    transactionalId: null, transactionTimeoutMs: 1000, producerId: -1, producerEpoch: -1 }) },
  // Last: deletes topics the CreateTopics case made.
  { apiKey: 20, ...codec(deleteTopics.encodeDeleteTopicsRequest, deleteTopics.decodeDeleteTopicsResponse), request: (v, i) => ({
    topics: v >= 6 ? [{ name: `created-${v}-${i}`, topicId: ZERO }] : [], topicNames: v < 6 ? [`created-${v}-${i}`] : [], timeoutMs: 1000 }) },
];

function codec<Req, Res>(encode: (w: never, v: number, m: Req) => void, decode: (r: never, v: number) => Res) {
  return { encode: encode as Case['encode'], decode: decode as Case['decode'] };
}

test('every version of every API answers without error', async () => {
  const handlers = allHandlers();
  expect(cases.map((c) => c.apiKey).sort((a, b) => a - b)).toEqual(handlers.map((h) => h.apiKey).filter((k) => k !== 18).sort((a, b) => a - b));
  const failures: string[] = [];
  for (const c of cases) {
    const handler = handlers.find((h) => h.apiKey === c.apiKey)!;
    for (let version = handler.minVersion; version <= handler.maxVersion; version++) {
      for (const i of [0, 1]) {
        try {
          const response = await client.call(c.apiKey, version, c.encode as never, c.decode as never, c.request(version, i) as never);
          const errors = errorCodes(response).filter((e) => e !== 0);
          if (errors.length > 0) failures.push(`API ${c.apiKey} v${version}: error codes ${errors.join(',')}`);
        } catch (err) {
          failures.push(`API ${c.apiKey} v${version}: ${(err as Error).message}`);
          client = await WireClient.connect(broker.broker.port);
        }
      }
    }
  }
  expect(failures).toEqual([]);
}, 60_000);
