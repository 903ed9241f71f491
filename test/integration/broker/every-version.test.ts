// Every advertised version of every API, with a request that reaches the per-partition and
// per-config paths: the response must encode (a field a version lacks must keep its default)
// and carry no error.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import * as alterConfigs from '../../../broker/protocol/generated/alter-configs.ts';
import * as createPartitions from '../../../broker/protocol/generated/create-partitions.ts';
import * as createTopics from '../../../broker/protocol/generated/create-topics.ts';
import * as deleteGroups from '../../../broker/protocol/generated/delete-groups.ts';
import * as describeGroups from '../../../broker/protocol/generated/describe-groups.ts';
import * as findCoordinator from '../../../broker/protocol/generated/find-coordinator.ts';
import * as heartbeat from '../../../broker/protocol/generated/heartbeat.ts';
import * as joinGroup from '../../../broker/protocol/generated/join-group.ts';
import * as leaveGroup from '../../../broker/protocol/generated/leave-group.ts';
import * as listGroups from '../../../broker/protocol/generated/list-groups.ts';
import * as offsetCommit from '../../../broker/protocol/generated/offset-commit.ts';
import * as offsetDelete from '../../../broker/protocol/generated/offset-delete.ts';
import * as offsetFetch from '../../../broker/protocol/generated/offset-fetch.ts';
import * as syncGroup from '../../../broker/protocol/generated/sync-group.ts';
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
  // No initial rebalance delay: each JoinGroup case would otherwise wait 3 s for more members.
  broker = await startTempBroker({ 'group.initial.rebalance.delay.ms': '0' });
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

type Case = {
  apiKey: number; encode: (w: never, v: number, m: never) => void; decode: (r: never, v: number) => unknown; request: (v: number, i: number) => unknown;
  /** Brings the broker into the state the request needs (e.g. a group the request's member belongs to). */
  prepare?: (v: number, i: number) => Promise<void>;
};

// Group state the group cases prepare and their requests use.
let member = { groupId: '', memberId: '', generationId: -1 };
const protocols = [{ name: 'range', metadata: Buffer.from('subscription') }];

function joinRequest(groupId: string, memberId: string) {
  return { groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId, groupInstanceId: null, protocolType: 'consumer', protocols, reason: null };
}

/** Joins a fresh group as its only member (answering KIP-394's MEMBER_ID_REQUIRED), optionally syncing too. */
async function joinAlone(groupId: string, sync: boolean): Promise<void> {
  const call = (memberId: string) => client.call(11, 9, joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse, joinRequest(groupId, memberId));
  const first = await call('');
  const joined = await call(first.memberId);
  member = { groupId, memberId: joined.memberId, generationId: joined.generationId };
  if (sync) {
    await client.call(14, 5, syncGroup.encodeSyncGroupRequest, syncGroup.decodeSyncGroupResponse, {
      groupId, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range',
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from('assignment') }] });
  }
}

/** A simple commit (no group membership) of ev-0 for the group. */
async function commitSimple(groupId: string): Promise<void> {
  await client.call(8, 9, offsetCommit.encodeOffsetCommitRequest, offsetCommit.decodeOffsetCommitResponse, {
    groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: 'ev', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: 'm' }] }] });
}

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
  { apiKey: 10, ...codec(findCoordinator.encodeFindCoordinatorRequest, findCoordinator.decodeFindCoordinatorResponse), request: (v) => ({
    key: v < 4 ? 'ev-group' : '', keyType: 0, coordinatorKeys: v >= 4 ? ['ev-group', 'other'] : [] }) },
  { apiKey: 11, ...codec(joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse),
    // v4+ first hands out a member id (KIP-394): the request joins with it.
    prepare: async (v, i) => {
      member = { groupId: `ev-join-${v}-${i}`, memberId: '', generationId: -1 };
      if (v >= 4) member.memberId = (await client.call(11, v, joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse, joinRequest(member.groupId, ''))).memberId;
    },
    request: (v) => ({ ...joinRequest(member.groupId, member.memberId), rebalanceTimeoutMs: v >= 1 ? 10_000 : -1 }) },
  { apiKey: 14, ...codec(syncGroup.encodeSyncGroupRequest, syncGroup.decodeSyncGroupResponse),
    prepare: (v, i) => joinAlone(`ev-sync-${v}-${i}`, false),
    request: (v) => ({ groupId: member.groupId, generationId: member.generationId, memberId: member.memberId, groupInstanceId: null,
      protocolType: v >= 5 ? 'consumer' : null, protocolName: v >= 5 ? 'range' : null, assignments: [{ memberId: member.memberId, assignment: Buffer.from('a') }] }) },
  { apiKey: 12, ...codec(heartbeat.encodeHeartbeatRequest, heartbeat.decodeHeartbeatResponse),
    prepare: (v, i) => joinAlone(`ev-heartbeat-${v}-${i}`, true),
    request: () => ({ groupId: member.groupId, generationId: member.generationId, memberId: member.memberId, groupInstanceId: null }) },
  { apiKey: 13, ...codec(leaveGroup.encodeLeaveGroupRequest, leaveGroup.decodeLeaveGroupResponse),
    prepare: (v, i) => joinAlone(`ev-leave-${v}-${i}`, true),
    request: (v) => ({ groupId: member.groupId, memberId: v < 3 ? member.memberId : '',
      members: v >= 3 ? [{ memberId: member.memberId, groupInstanceId: null, reason: v >= 5 ? 'done' : null }] : [] }) },
  { apiKey: 8, ...codec(offsetCommit.encodeOffsetCommitRequest, offsetCommit.decodeOffsetCommitResponse), request: (v) => ({
    groupId: 'ev-offsets', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: v >= 2 && v <= 4 ? 60_000 : -1,
    topics: [{ name: 'ev', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: 'm' }] }] }) },
  { apiKey: 9, ...codec(offsetFetch.encodeOffsetFetchRequest, offsetFetch.decodeOffsetFetchResponse), request: (v) => {
    const topics = [{ name: 'ev', partitionIndexes: [0, 1] }];
    return v < 8 ? { groupId: 'ev-offsets', topics, groups: [], requireStable: v >= 7 }
      : { groupId: '', topics: [], groups: [{ groupId: 'ev-offsets', memberId: null, memberEpoch: -1, topics }, { groupId: 'ev-none', memberId: null, memberEpoch: -1, topics: null }], requireStable: true };
  } },
  { apiKey: 16, ...codec(listGroups.encodeListGroupsRequest, listGroups.decodeListGroupsResponse), request: (v) => ({
    statesFilter: v >= 4 ? ['Empty', 'Stable'] : [], typesFilter: v >= 5 ? ['classic'] : [] }) },
  { apiKey: 15, ...codec(describeGroups.encodeDescribeGroupsRequest, describeGroups.decodeDescribeGroupsResponse), request: (v) => ({
    groups: ['ev-offsets', 'ev-heartbeat-0-0'], includeAuthorizedOperations: v >= 3 }) },
  { apiKey: 42, ...codec(deleteGroups.encodeDeleteGroupsRequest, deleteGroups.decodeDeleteGroupsResponse),
    prepare: (v, i) => commitSimple(`ev-delete-${v}-${i}`),
    request: (v, i) => ({ groupsNames: [`ev-delete-${v}-${i}`] }) },
  { apiKey: 47, ...codec(offsetDelete.encodeOffsetDeleteRequest, offsetDelete.decodeOffsetDeleteResponse),
    prepare: (v, i) => commitSimple(`ev-offset-delete-${v}-${i}`),
    request: (v, i) => ({ groupId: `ev-offset-delete-${v}-${i}`, topics: [{ name: 'ev', partitions: [{ partitionIndex: 0 }] }] }) },
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
          if (c.prepare) await c.prepare(version, i);
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
