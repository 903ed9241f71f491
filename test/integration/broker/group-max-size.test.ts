// group.max.size over the wire: joins that would take a group past it get GROUP_MAX_SIZE_REACHED
// (81), following Kafka's acceptJoiningMember. Each member has its own connection, because a
// JoinGroup holds its connection's later responses until it completes.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import * as describeGroups from '../../../broker/protocol/generated/describe-groups.ts';
import * as joinGroup from '../../../broker/protocol/generated/join-group.ts';
import * as leaveGroup from '../../../broker/protocol/generated/leave-group.ts';
import * as syncGroup from '../../../broker/protocol/generated/sync-group.ts';
import { ErrorCodes } from '../../../broker/protocol/errors.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';

let broker: TempBroker;
const clients: WireClient[] = [];
beforeAll(async () => {
  broker = await startTempBroker({ 'group.max.size': '2', 'group.initial.rebalance.delay.ms': '0', 'offsets.topic.num.partitions': '1' });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await broker.stop();
});

async function connect(): Promise<WireClient> {
  const c = await WireClient.connect(broker.broker.port);
  clients.push(c);
  return c;
}

function join(c: WireClient, groupId: string, memberId = '', version = 9) {
  return c.call(11, version, joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse, {
    groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId, groupInstanceId: null, protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('m') }], reason: null,
  });
}

/** KIP-394: the first JoinGroup hands out a member id; returns it. */
async function memberIdFor(c: WireClient, groupId: string): Promise<string> {
  const first = await join(c, groupId);
  expect(first.errorCode).toBe(ErrorCodes.MEMBER_ID_REQUIRED);
  return first.memberId;
}

function sync(c: WireClient, groupId: string, generationId: number, memberId: string) {
  return c.call(14, 5, syncGroup.encodeSyncGroupRequest, syncGroup.decodeSyncGroupResponse, {
    groupId, generationId, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: null, assignments: [],
  });
}

async function members(groupId: string): Promise<string[]> {
  const c = await connect();
  const r = await c.call(15, 5, describeGroups.encodeDescribeGroupsRequest, describeGroups.decodeDescribeGroupsResponse, { groups: [groupId], includeAuthorizedOperations: false });
  return r.groups[0].members.map((m) => m.memberId).sort();
}

/** Two members in a stable group: the first alone, then the second joining and the first rejoining. */
async function fullGroup(groupId: string): Promise<{ a: WireClient; b: WireClient; aId: string; bId: string }> {
  const [a, b] = [await connect(), await connect()];
  const aId = await memberIdFor(a, groupId);
  const alone = await join(a, groupId, aId);
  expect(alone.errorCode).toBe(0);
  expect((await sync(a, groupId, alone.generationId, aId)).errorCode).toBe(0);
  const bId = await memberIdFor(b, groupId);
  const bJoin = join(b, groupId, bId);
  const [ra, rb] = await Promise.all([join(a, groupId, aId), bJoin]);
  expect([ra.errorCode, rb.errorCode]).toEqual([0, 0]);
  await Promise.all([sync(a, groupId, ra.generationId, aId), sync(b, groupId, rb.generationId, bId)]);
  return { a, b, aId, bId };
}

test('a third member of a full group gets GROUP_MAX_SIZE_REACHED (81) with no member id, on v9 and v3; the group is unchanged', async () => {
  const { aId, bId } = await fullGroup('full');
  expect(await members('full')).toEqual([aId, bId].sort());
  const c = await connect();
  const v9 = await join(c, 'full');
  expect(v9).toMatchObject({ errorCode: ErrorCodes.GROUP_MAX_SIZE_REACHED, memberId: '', generationId: -1 });
  const v3 = await join(c, 'full', '', 3);
  expect(v3).toMatchObject({ errorCode: ErrorCodes.GROUP_MAX_SIZE_REACHED, memberId: '' });
  expect(await members('full')).toEqual([aId, bId].sort());
});

test('once a member leaves, a new member takes its place', async () => {
  const { a, b, aId, bId } = await fullGroup('leaves');
  const c = await connect();
  expect((await join(c, 'leaves')).errorCode).toBe(ErrorCodes.GROUP_MAX_SIZE_REACHED);
  const left = await b.call(13, 5, leaveGroup.encodeLeaveGroupRequest, leaveGroup.decodeLeaveGroupResponse, {
    groupId: 'leaves', memberId: '', members: [{ memberId: bId, groupInstanceId: null, reason: null }],
  });
  expect(left.errorCode).toBe(0);
  const cId = await memberIdFor(c, 'leaves');
  const [ra, rc] = await Promise.all([join(a, 'leaves', aId), join(c, 'leaves', cId)]);
  expect([ra.errorCode, rc.errorCode]).toEqual([0, 0]);
  expect(await members('leaves')).toEqual([aId, cId].sort());
});

test('while rebalancing, members beyond the size in the order they rejoin are turned away and removed (Kafka kicks out the last rejoining)', async () => {
  const [a, b, c] = [await connect(), await connect(), await connect()];
  const aId = await memberIdFor(a, 'crowded');
  const first = await join(a, 'crowded', aId);
  expect((await sync(a, 'crowded', first.generationId, aId)).errorCode).toBe(0);
  // b and c each take the one free place while a has not rejoined yet: both are accepted (one has
  // rejoined of two allowed), so the group now has three members, one too many.
  const bId = await memberIdFor(b, 'crowded');
  const bJoin = join(b, 'crowded', bId);
  const cId = await memberIdFor(c, 'crowded');
  const cJoin = join(c, 'crowded', cId);
  await new Promise((resolve) => setTimeout(resolve, 50));
  // a rejoins last: two members are already waiting, so a is over the limit and removed.
  const aRejoin = await join(a, 'crowded', aId);
  expect(aRejoin).toMatchObject({ errorCode: ErrorCodes.GROUP_MAX_SIZE_REACHED, memberId: '' });
  // With a gone, every remaining member has rejoined: the join phase completes with b and c.
  const [rb, rc] = await Promise.all([bJoin, cJoin]);
  expect([rb.errorCode, rc.errorCode]).toEqual([0, 0]);
  expect(rb.generationId).toBe(first.generationId + 1);
  expect(await members('crowded')).toEqual([bId, cId].sort());
});
