// Committed offsets over the wire: member and simple commits with their checks, OffsetFetch in
// its single- and multi-group shapes, DeleteGroups, OffsetDelete, and durability in
// __consumer_offsets (Kafka's record format, the group's partition, survival of a restart).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { offsetsPartitionFor } from '../../../broker/coordinator/offsets-topic.ts';
import { decodeOffsetsRecord } from '../../../broker/coordinator/offsets-records.ts';
import { encodeConsumerProtocolSubscription } from '../../../broker/protocol/generated/consumer-protocol-subscription.ts';
import * as deleteGroups from '../../../broker/protocol/generated/delete-groups.ts';
import * as describeGroups from '../../../broker/protocol/generated/describe-groups.ts';
import * as heartbeat from '../../../broker/protocol/generated/heartbeat.ts';
import * as joinGroup from '../../../broker/protocol/generated/join-group.ts';
import * as offsetCommit from '../../../broker/protocol/generated/offset-commit.ts';
import * as offsetDelete from '../../../broker/protocol/generated/offset-delete.ts';
import * as offsetFetch from '../../../broker/protocol/generated/offset-fetch.ts';
import * as syncGroup from '../../../broker/protocol/generated/sync-group.ts';
import { ErrorCodes } from '../../../broker/protocol/errors.ts';
import { decodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { Writer } from '../../../broker/protocol/writer.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch } from '../../support/wire-calls.ts';

const PARTITIONS = 7;
let broker: TempBroker;
let client: WireClient;
beforeAll(async () => {
  broker = await startTempBroker({ 'group.initial.rebalance.delay.ms': '0', 'offsets.topic.num.partitions': String(PARTITIONS) });
  client = await WireClient.connect(broker.broker.port);
  await createTopic(client, 'orders', 3);
  await createTopic(client, 'audit', 1);
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

function subscription(...topics: string[]): Buffer {
  const w = new Writer();
  w.int16(0);
  encodeConsumerProtocolSubscription(w, 0, { topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null });
  return w.toBuffer();
}

/** A one-member consumer group subscribed to `topics`, joined and synced. */
async function member(groupId: string, topics: string[]) {
  const join = (memberId: string) => client.call(11, 9, joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse, {
    groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId, groupInstanceId: null, protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription(...topics) }], reason: null });
  const joined = await join((await join('')).memberId);
  await client.call(14, 5, syncGroup.encodeSyncGroupRequest, syncGroup.decodeSyncGroupResponse, {
    groupId, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range',
    assignments: [{ memberId: joined.memberId, assignment: Buffer.from('assigned') }] });
  return { memberId: joined.memberId, generationId: joined.generationId };
}

async function commit(groupId: string, generationId: number, memberId: string, offsets: [string, number, number][], version = 9) {
  const byTopic = new Map<string, { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; commitTimestamp: number; committedMetadata: string }[]>();
  for (const [topic, partitionIndex, committedOffset] of offsets) {
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partitionIndex, committedOffset, committedLeaderEpoch: 4, commitTimestamp: -1, committedMetadata: `at ${committedOffset}` }]);
  }
  const r = await client.call(8, version, offsetCommit.encodeOffsetCommitRequest, offsetCommit.decodeOffsetCommitResponse, {
    groupId, generationIdOrMemberEpoch: generationId, memberId, groupInstanceId: null, retentionTimeMs: -1,
    topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
  });
  return r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

async function fetchOffsets(groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null, version = 7) {
  const r = await client.call(9, version, offsetFetch.encodeOffsetFetchRequest, offsetFetch.decodeOffsetFetchResponse, { groupId, topics, groups: [], requireStable: version >= 7 });
  return Object.fromEntries(r.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, [p.committedOffset, p.metadata, p.errorCode]])));
}

test('member commits are checked against the generation; simple commits work outside any group', async () => {
  const m = await member('billing', ['orders']);
  expect(await commit('billing', m.generationId, m.memberId, [['orders', 0, 10], ['orders', 1, 20]])).toEqual([0, 0]);
  expect(await commit('billing', m.generationId + 1, m.memberId, [['orders', 0, 11]])).toEqual([ErrorCodes.ILLEGAL_GENERATION]);
  expect(await commit('billing', m.generationId, 'stranger', [['orders', 0, 11]])).toEqual([ErrorCodes.UNKNOWN_MEMBER_ID]);
  expect(await commit('billing', -1, '', [['orders', 0, 11]])).toEqual([ErrorCodes.UNKNOWN_MEMBER_ID]);
  expect(await commit('never-joined', 3, 'x', [['orders', 0, 11]])).toEqual([ErrorCodes.ILLEGAL_GENERATION]);
  expect(await commit('billing', m.generationId, m.memberId, [['no-such-topic', 0, 1], ['orders', 9, 1]])).toEqual([
    ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION]);

  expect(await commit('tool', -1, '', [['orders', 2, 5]], 0)).toEqual([0]);
  expect(await fetchOffsets('billing', [{ name: 'orders', partitionIndexes: [0, 1, 2] }])).toEqual({
    'orders-0': [10, 'at 10', 0], 'orders-1': [20, 'at 20', 0], 'orders-2': [-1, '', 0],
  });
  expect(await fetchOffsets('tool', null)).toEqual({ 'orders-2': [5, 'at 5', 0] });
  expect(await fetchOffsets('tool', [{ name: 'orders', partitionIndexes: [2] }], 1)).toEqual({ 'orders-2': [5, 'at 5', 0] });

  const multi = await client.call(9, 8, offsetFetch.encodeOffsetFetchRequest, offsetFetch.decodeOffsetFetchResponse, {
    groupId: '', topics: [], requireStable: true,
    groups: [{ groupId: 'billing', memberId: null, memberEpoch: -1, topics: [{ name: 'orders', partitionIndexes: [1] }] }, { groupId: 'tool', memberId: null, memberEpoch: -1, topics: null }],
  });
  expect(multi.groups.map((g) => [g.groupId, g.errorCode, g.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}@${p.committedOffset}/${p.committedLeaderEpoch}`))]))
    .toEqual([['billing', 0, ['orders-1@20/4']], ['tool', 0, ['orders-2@5/-1']]]);
});

test('commits are records of __consumer_offsets in Kafka format, on the partition Kafka would pick', async () => {
  const topic = broker.broker.context.logs.topic('__consumer_offsets');
  expect(topic?.partitions).toBe(PARTITIONS);
  expect(topic?.overrides['cleanup.policy']).toBe('compact');
  const partition = offsetsPartitionFor('tool', PARTITIONS);
  const read = await fetch(client, '__consumer_offsets', partition, 0);
  const records = read.responses[0].partitions[0].records as Buffer;
  const decoded = decodeBatch(records).records.map((r) => ({ keyVersion: r.key!.readInt16BE(0), valueVersion: r.value!.readInt16BE(0), ...decodeOffsetsRecord(r.key!, r.value) }));
  expect(decoded[0]).toMatchObject({ keyVersion: 1, valueVersion: 3, kind: 'offset', group: 'tool', topic: 'orders', partition: 2, value: { offset: 5, metadata: 'at 5' } });
});

test('offsets and group metadata survive a restart; the member carries on with its generation', async () => {
  const m = await member('durable', ['audit']);
  expect(await commit('durable', m.generationId, m.memberId, [['audit', 0, 42]])).toEqual([0]);
  client.close();
  await broker.restart();
  client = await WireClient.connect(broker.broker.port);
  expect(await fetchOffsets('durable', null)).toEqual({ 'audit-0': [42, 'at 42', 0] });
  expect(await fetchOffsets('billing', null)).toEqual({ 'orders-0': [10, 'at 10', 0], 'orders-1': [20, 'at 20', 0] });
  const described = (await client.call(15, 5, describeGroups.encodeDescribeGroupsRequest, describeGroups.decodeDescribeGroupsResponse,
    { groups: ['durable'], includeAuthorizedOperations: false })).groups[0];
  expect(described).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
  expect(described.members.map((x) => [x.memberId, x.memberAssignment.toString()])).toEqual([[m.memberId, 'assigned']]);
  const beat = await client.call(12, 4, heartbeat.encodeHeartbeatRequest, heartbeat.decodeHeartbeatResponse,
    { groupId: 'durable', generationId: m.generationId, memberId: m.memberId, groupInstanceId: null });
  expect(beat.errorCode).toBe(0);
});

test('DeleteGroups refuses a group with members and deletes an empty one for good', async () => {
  const del = async (...groups: string[]) => (await client.call(42, 2, deleteGroups.encodeDeleteGroupsRequest, deleteGroups.decodeDeleteGroupsResponse,
    { groupsNames: groups })).results.map((r) => [r.groupId, r.errorCode]);
  expect(await del('durable', 'tool', 'ghost')).toEqual([
    ['durable', ErrorCodes.NON_EMPTY_GROUP], ['tool', 0], ['ghost', ErrorCodes.GROUP_ID_NOT_FOUND]]);
  expect(await fetchOffsets('tool', null)).toEqual({});
  client.close();
  await broker.restart();
  client = await WireClient.connect(broker.broker.port);
  expect(await fetchOffsets('tool', [{ name: 'orders', partitionIndexes: [2] }])).toEqual({ 'orders-2': [-1, '', 0] });
});

test('OffsetDelete refuses topics the group consumes and deletes the others', async () => {
  const m = await member('auditor', ['audit']);
  expect(await commit('auditor', m.generationId, m.memberId, [['audit', 0, 7], ['orders', 0, 8]])).toEqual([0, 0]);
  const r = await client.call(47, 0, offsetDelete.encodeOffsetDeleteRequest, offsetDelete.decodeOffsetDeleteResponse, {
    groupId: 'auditor', topics: [{ name: 'audit', partitions: [{ partitionIndex: 0 }] }, { name: 'orders', partitions: [{ partitionIndex: 0 }] }],
  });
  expect(r.errorCode).toBe(0);
  expect(r.topics.map((t) => [t.name, t.partitions[0].errorCode])).toEqual([['audit', ErrorCodes.GROUP_SUBSCRIBED_TO_TOPIC], ['orders', 0]]);
  expect(await fetchOffsets('auditor', null)).toEqual({ 'audit-0': [7, 'at 7', 0] });
  const missing = await client.call(47, 0, offsetDelete.encodeOffsetDeleteRequest, offsetDelete.decodeOffsetDeleteResponse, { groupId: 'ghost', topics: [] });
  expect(missing.errorCode).toBe(ErrorCodes.GROUP_ID_NOT_FOUND);
});
