// The group coordinator over the wire: join/sync/heartbeat flows, fencing errors, KIP-394,
// static membership, session expiry and the initial rebalance delay. Each member has its own
// connection, because a JoinGroup holds its connection's later responses until it completes.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { encodeConsumerProtocolSubscription } from '../../../broker/protocol/generated/consumer-protocol-subscription.ts';
import * as describeGroups from '../../../broker/protocol/generated/describe-groups.ts';
import * as findCoordinator from '../../../broker/protocol/generated/find-coordinator.ts';
import * as heartbeat from '../../../broker/protocol/generated/heartbeat.ts';
import * as joinGroup from '../../../broker/protocol/generated/join-group.ts';
import * as leaveGroup from '../../../broker/protocol/generated/leave-group.ts';
import * as listGroups from '../../../broker/protocol/generated/list-groups.ts';
import * as syncGroup from '../../../broker/protocol/generated/sync-group.ts';
import { ErrorCodes } from '../../../broker/protocol/errors.ts';
import { Writer } from '../../../broker/protocol/writer.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';

let broker: TempBroker;
const clients: WireClient[] = [];
beforeAll(async () => {
  broker = await startTempBroker({
    'group.initial.rebalance.delay.ms': '0', 'group.min.session.timeout.ms': '100', 'offsets.topic.num.partitions': '3',
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await broker.stop();
});

async function connect(port = broker.broker.port): Promise<WireClient> {
  const c = await WireClient.connect(port);
  clients.push(c);
  return c;
}

export function subscription(...topics: string[]): Buffer {
  const w = new Writer();
  w.int16(0);
  encodeConsumerProtocolSubscription(w, 0, { topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null });
  return w.toBuffer();
}

type JoinOptions = { memberId?: string; instanceId?: string | null; sessionMs?: number; rebalanceMs?: number; protocolType?: string;
  protocols?: { name: string; metadata: Buffer }[]; version?: number };

function join(c: WireClient, groupId: string, o: JoinOptions = {}) {
  return c.call(11, o.version ?? 9, joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse, {
    groupId, sessionTimeoutMs: o.sessionMs ?? 10_000, rebalanceTimeoutMs: o.rebalanceMs ?? 10_000, memberId: o.memberId ?? '',
    groupInstanceId: o.instanceId ?? null, protocolType: o.protocolType ?? 'consumer',
    protocols: o.protocols ?? [{ name: 'range', metadata: subscription('t') }], reason: null,
  });
}

/** A dynamic member's full join: MEMBER_ID_REQUIRED, then the join with the handed-out id. */
async function joinDynamic(c: WireClient, groupId: string, o: JoinOptions = {}) {
  const first = await join(c, groupId, o);
  expect(first.errorCode).toBe(ErrorCodes.MEMBER_ID_REQUIRED);
  return join(c, groupId, { ...o, memberId: first.memberId });
}

function sync(c: WireClient, groupId: string, generationId: number, memberId: string, assignments: { memberId: string; assignment: Buffer }[] = [], instanceId: string | null = null) {
  return c.call(14, 5, syncGroup.encodeSyncGroupRequest, syncGroup.decodeSyncGroupResponse, {
    groupId, generationId, memberId, groupInstanceId: instanceId, protocolType: 'consumer', protocolName: null, assignments,
  });
}

async function beat(c: WireClient, groupId: string, generationId: number, memberId: string, instanceId: string | null = null) {
  return (await c.call(12, 4, heartbeat.encodeHeartbeatRequest, heartbeat.decodeHeartbeatResponse, { groupId, generationId, memberId, groupInstanceId: instanceId })).errorCode;
}

function describeGroup(c: WireClient, groupId: string) {
  return c.call(15, 5, describeGroups.encodeDescribeGroupsRequest, describeGroups.decodeDescribeGroupsResponse, { groups: [groupId], includeAuthorizedOperations: false })
    .then((r) => r.groups[0]);
}

type JoinResponse = Awaited<ReturnType<typeof join>>;

/**
 * Forms a group member by member, as real clients do: each newcomer starts a rebalance that the
 * members already in it join again. Resolves with every member's answer for the final generation.
 */
async function formGroup(groupId: string, members: { c: WireClient; o?: JoinOptions }[]): Promise<JoinResponse[]> {
  let results: JoinResponse[] = [];
  for (const m of members) {
    const newcomer = m.o?.instanceId ? join(m.c, groupId, m.o) : joinDynamic(m.c, groupId, m.o);
    await sleep(30);
    const rejoins = results.map((r, i) => join(members[i].c, groupId, { ...members[i].o, memberId: r.memberId }));
    results = await Promise.all([...rejoins, newcomer]);
  }
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FindCoordinator', () => {
  test('names this node for groups, batched in v4+, and refuses transactional ids with a clear message', async () => {
    const c = await connect();
    const v3 = await c.call(10, 3, findCoordinator.encodeFindCoordinatorRequest, findCoordinator.decodeFindCoordinatorResponse, { key: 'g', keyType: 0, coordinatorKeys: [] });
    expect(v3).toMatchObject({ errorCode: 0, nodeId: 1, host: '127.0.0.1', port: broker.broker.port });
    const v4 = await c.call(10, 4, findCoordinator.encodeFindCoordinatorRequest, findCoordinator.decodeFindCoordinatorResponse, { key: '', keyType: 0, coordinatorKeys: ['a', 'b'] });
    expect(v4.coordinators.map((k) => [k.key, k.nodeId, k.port, k.errorCode])).toEqual([['a', 1, broker.broker.port, 0], ['b', 1, broker.broker.port, 0]]);
    const txn = await c.call(10, 4, findCoordinator.encodeFindCoordinatorRequest, findCoordinator.decodeFindCoordinatorResponse, { key: '', keyType: 1, coordinatorKeys: ['tx'] });
    expect(txn.coordinators[0].errorCode).toBe(ErrorCodes.COORDINATOR_NOT_AVAILABLE);
    expect(txn.coordinators[0].errorMessage).toMatch(/[Tt]ransactions are not supported yet/);
  });
});

describe('joining', () => {
  test('v4+ hands out a member id first (KIP-394); v3 joins directly', async () => {
    const c = await connect();
    const first = await join(c, 'kip394');
    expect(first.errorCode).toBe(ErrorCodes.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^wire-test-/);
    const second = await join(c, 'kip394', { memberId: first.memberId });
    expect(second).toMatchObject({ errorCode: 0, memberId: first.memberId, leader: first.memberId, generationId: 1, protocolName: 'range' });
    expect(second.members.map((m) => m.memberId)).toEqual([first.memberId]);

    const old = await join(c, 'kip394-v3', { version: 3 });
    expect(old.errorCode).toBe(0);
    expect(old.leader).toBe(old.memberId);
  });

  test('two members: one generation, the leader gets every member, the protocol all support wins, assignments flow', async () => {
    const [a, b] = [await connect(), await connect()];
    const [ra, rb] = await formGroup('pair', [
      { c: a, o: { protocols: [{ name: 'roundrobin', metadata: Buffer.from('A-rr') }, { name: 'range', metadata: Buffer.from('A-range') }] } },
      { c: b, o: { protocols: [{ name: 'range', metadata: Buffer.from('B-range') }] } },
    ]);
    expect(ra.generationId).toBe(rb.generationId);
    expect(ra.protocolName).toBe('range');
    const [leader, follower] = ra.leader === ra.memberId ? [{ c: a, r: ra }, { c: b, r: rb }] : [{ c: b, r: rb }, { c: a, r: ra }];
    expect(leader.r.members.map((m) => m.metadata.toString()).sort()).toEqual(['A-range', 'B-range']);
    expect(follower.r.members).toEqual([]);

    const followerSync = sync(follower.c, 'pair', follower.r.generationId, follower.r.memberId);
    const leaderSync = await sync(leader.c, 'pair', leader.r.generationId, leader.r.memberId, [
      { memberId: leader.r.memberId, assignment: Buffer.from('for-leader') }, { memberId: follower.r.memberId, assignment: Buffer.from('for-follower') },
    ]);
    expect(leaderSync).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range' });
    expect(leaderSync.assignment.toString()).toBe('for-leader');
    expect((await followerSync).assignment.toString()).toBe('for-follower');
    expect(await beat(follower.c, 'pair', follower.r.generationId, follower.r.memberId)).toBe(0);

    const described = await describeGroup(a, 'pair');
    expect(described).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described.members.map((m) => m.memberAssignment.toString()).sort()).toEqual(['for-follower', 'for-leader']);
  });

  test('generation fencing: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, and REBALANCE_IN_PROGRESS once someone joins', async () => {
    const [a, b] = [await connect(), await connect()];
    const ra = await joinDynamic(a, 'fencing');
    await sync(a, 'fencing', ra.generationId, ra.memberId, [{ memberId: ra.memberId, assignment: Buffer.from('x') }]);
    expect(await beat(a, 'fencing', ra.generationId + 5, ra.memberId)).toBe(ErrorCodes.ILLEGAL_GENERATION);
    expect(await beat(a, 'fencing', ra.generationId, 'nobody')).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);
    expect(await beat(a, 'no-such-group', 1, 'nobody')).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);

    const bJoin = joinDynamic(b, 'fencing');
    await sleep(50);
    expect(await beat(a, 'fencing', ra.generationId, ra.memberId)).toBe(ErrorCodes.REBALANCE_IN_PROGRESS);
    const syncDuringRebalance = await sync(a, 'fencing', ra.generationId, ra.memberId);
    expect(syncDuringRebalance.errorCode).toBe(ErrorCodes.REBALANCE_IN_PROGRESS);
    const [ra2, rb] = await Promise.all([join(a, 'fencing', { memberId: ra.memberId }), bJoin]);
    expect(ra2.generationId).toBe(ra.generationId + 1);
    expect(rb.generationId).toBe(ra2.generationId);
    expect(await beat(a, 'fencing', ra.generationId, ra.memberId)).toBe(ErrorCodes.ILLEGAL_GENERATION);
  });

  test('INCONSISTENT_GROUP_PROTOCOL for another protocol type, INVALID_SESSION_TIMEOUT outside the broker range', async () => {
    const [a, b] = [await connect(), await connect()];
    await joinDynamic(a, 'typed');
    expect((await join(b, 'typed', { protocolType: 'connect' })).errorCode).toBe(ErrorCodes.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join(b, 'typed', { protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] })).errorCode).toBe(ErrorCodes.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join(b, 'timeouts', { sessionMs: 50 })).errorCode).toBe(ErrorCodes.INVALID_SESSION_TIMEOUT);
    expect((await join(b, 'timeouts', { sessionMs: 1_800_001 })).errorCode).toBe(ErrorCodes.INVALID_SESSION_TIMEOUT);
  });

  test('LeaveGroup v3+ removes a batch of members; the rest rebalance without them', async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const joins = await formGroup('leaving', [{ c: a }, { c: b }, { c }]);
    const gen = joins[0].generationId;
    const left = await a.call(13, 5, leaveGroup.encodeLeaveGroupRequest, leaveGroup.decodeLeaveGroupResponse, {
      groupId: 'leaving', memberId: '',
      members: [{ memberId: joins[1].memberId, groupInstanceId: null, reason: 'test' }, { memberId: joins[2].memberId, groupInstanceId: null, reason: null },
        { memberId: 'ghost', groupInstanceId: null, reason: null }],
    });
    expect(left.members.map((m) => m.errorCode)).toEqual([0, 0, ErrorCodes.UNKNOWN_MEMBER_ID]);
    const rejoined = await join(a, 'leaving', { memberId: joins[0].memberId });
    expect(rejoined.generationId).toBe(gen + 1);
    expect(rejoined.members.map((m) => m.memberId)).toEqual([joins[0].memberId]);
  });
});

describe('static membership (KIP-345)', () => {
  test('a restarted static member takes over its assignment without a rebalance and fences its predecessor', async () => {
    const [a, b] = [await connect(), await connect()];
    const [ra, rb] = await formGroup('static', [{ c: a, o: { instanceId: 'worker-a' } }, { c: b, o: { instanceId: 'worker-b' } }]);
    expect(ra.errorCode).toBe(0); // no MEMBER_ID_REQUIRED for static members
    const leader = ra.leader === ra.memberId ? { c: a, r: ra } : { c: b, r: rb };
    const followerSync = sync(leader.c === a ? b : a, 'static', ra.generationId, (leader.c === a ? rb : ra).memberId);
    await sync(leader.c, 'static', ra.generationId, leader.r.memberId, [
      { memberId: ra.memberId, assignment: Buffer.from('a-work') }, { memberId: rb.memberId, assignment: Buffer.from('b-work') }]);
    await followerSync;

    // worker-b restarts: it comes back with no member id but the same instance id.
    const b2 = await connect();
    const rb2 = await join(b2, 'static', { instanceId: 'worker-b' });
    expect(rb2.errorCode).toBe(0);
    expect(rb2.memberId).not.toBe(rb.memberId);
    expect(rb2.generationId).toBe(ra.generationId);
    const synced = await sync(b2, 'static', rb2.generationId, rb2.memberId, [], 'worker-b');
    expect(synced.assignment.toString()).toBe('b-work');
    expect(await beat(b, 'static', rb.generationId, rb.memberId, 'worker-b')).toBe(ErrorCodes.FENCED_INSTANCE_ID);
    expect(await beat(a, 'static', ra.generationId, ra.memberId, 'worker-a')).toBe(0);
    expect((await describeGroup(a, 'static')).groupState).toBe('Stable');
  });
});

describe('session expiry', () => {
  test('a member that stops heartbeating is removed after its session timeout and the group rebalances', async () => {
    const [a, b] = [await connect(), await connect()];
    const [ra, rb] = await formGroup('expiry', [{ c: a, o: { sessionMs: 300 } }, { c: b, o: { sessionMs: 300 } }]);
    const leader = ra.leader === ra.memberId ? ra : rb;
    await Promise.all([
      sync(a, 'expiry', ra.generationId, ra.memberId, leader === ra ? [{ memberId: ra.memberId, assignment: Buffer.from('p0') }, { memberId: rb.memberId, assignment: Buffer.from('p1') }] : []),
      sync(b, 'expiry', rb.generationId, rb.memberId, leader === rb ? [{ memberId: ra.memberId, assignment: Buffer.from('p0') }, { memberId: rb.memberId, assignment: Buffer.from('p1') }] : []),
    ]);
    // a keeps heartbeating, b goes silent.
    let error = 0;
    const started = Date.now();
    while (error === 0 && Date.now() - started < 3000) {
      await sleep(80);
      error = await beat(a, 'expiry', ra.generationId, ra.memberId);
    }
    expect(error).toBe(ErrorCodes.REBALANCE_IN_PROGRESS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const alone = await join(a, 'expiry', { memberId: ra.memberId, sessionMs: 300 });
    expect(alone.generationId).toBe(ra.generationId + 1);
    expect(alone.members.map((m) => m.memberId)).toEqual([ra.memberId]);
    expect(await beat(b, 'expiry', rb.generationId, rb.memberId)).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);
  });
});

describe('group.initial.rebalance.delay.ms', () => {
  test("a new group's first rebalance waits for the delay and takes in members arriving during it", async () => {
    const delayed = await startTempBroker({ 'group.initial.rebalance.delay.ms': '400' });
    const [a, b] = [await WireClient.connect(delayed.broker.port), await WireClient.connect(delayed.broker.port)];
    try {
      const started = Date.now();
      const aJoin = joinDynamic(a, 'delayed');
      await sleep(150);
      const bJoin = joinDynamic(b, 'delayed');
      const [ra, rb] = await Promise.all([aJoin, bJoin]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(ra.generationId).toBe(1);
      expect(rb.generationId).toBe(1);
      expect([ra, rb].find((r) => r.leader === r.memberId)!.members).toHaveLength(2);
    } finally {
      // The broker's close waits for its connections to end.
      a.close();
      b.close();
      await delayed.stop();
    }
  });
});

describe('ListGroups and DescribeGroups', () => {
  test('lists groups with their state, filtered by state; an unknown group is described as Dead', async () => {
    const c = await connect();
    const r = await joinDynamic(c, 'listed');
    const all = await c.call(16, 5, listGroups.encodeListGroupsRequest, listGroups.decodeListGroupsResponse, { statesFilter: [], typesFilter: [] });
    expect(all.groups.find((g) => g.groupId === 'listed')).toEqual({ groupId: 'listed', protocolType: 'consumer', groupState: 'CompletingRebalance', groupType: 'classic' });
    await sync(c, 'listed', r.generationId, r.memberId, [{ memberId: r.memberId, assignment: Buffer.from('a') }]);
    const stable = await c.call(16, 4, listGroups.encodeListGroupsRequest, listGroups.decodeListGroupsResponse, { statesFilter: ['stable'], typesFilter: [] });
    expect(stable.groups.map((g) => g.groupId)).toContain('listed');
    expect(stable.groups.every((g) => g.groupState === 'Stable')).toBe(true);
    // Members are described with the address they connected from, in Kafka's "/ip" form.
    expect((await describeGroup(c, 'listed')).members.map((m) => [m.memberId, m.clientHost])).toEqual([[r.memberId, '/127.0.0.1']]);
    const empty = await c.call(16, 4, listGroups.encodeListGroupsRequest, listGroups.decodeListGroupsResponse, { statesFilter: ['Empty'], typesFilter: [] });
    expect(empty.groups.map((g) => g.groupId)).not.toContain('listed');
    expect(await describeGroup(c, 'never-seen')).toMatchObject({ errorCode: 0, groupState: 'Dead', members: [] });
  });
});
