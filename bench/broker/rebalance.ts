// Rebalance benchmark: how long 10 members take to form one group, from the first JoinGroup to
// every member holding its assignment. Members are wire clients that behave like Kafka's classic
// consumer: KIP-394 join, leader assigns, sync, heartbeat every 100 ms, rejoin on
// REBALANCE_IN_PROGRESS. Run with group.initial.rebalance.delay.ms=0 (the protocol's own cost:
// members arriving one after another cause successive rebalances) and with Kafka's default 3000
// ms (one rebalance after the delay). In-process broker, so the figures include the clients.
// Usage: node bench/broker/rebalance.ts. Not a test: no assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as heartbeat from '../../broker/protocol/generated/heartbeat.ts';
import * as joinGroup from '../../broker/protocol/generated/join-group.ts';
import * as syncGroup from '../../broker/protocol/generated/sync-group.ts';
import { ErrorCodes } from '../../broker/protocol/errors.ts';
import { startBroker } from '../../broker/server/broker.ts';
import { WireClient } from '../../test/support/wire-client.ts';

const MEMBERS = 10;
const REPEATS = 5;
const GROUP_TIMEOUT_MS = 30_000;

type Member = { client: WireClient; memberId: string; generationId: number; assignment: string; stopped: boolean };

async function runMember(m: Member, groupId: string): Promise<void> {
  const join = (memberId: string) => m.client.call(11, 9, joinGroup.encodeJoinGroupRequest, joinGroup.decodeJoinGroupResponse, {
    groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: GROUP_TIMEOUT_MS, memberId, groupInstanceId: null, protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('topic') }], reason: null });
  while (!m.stopped) {
    let joined = await join(m.memberId);
    if (joined.errorCode === ErrorCodes.MEMBER_ID_REQUIRED) joined = await join(joined.memberId);
    if (joined.errorCode !== 0) throw new Error(`JoinGroup failed with ${joined.errorCode}`);
    m.memberId = joined.memberId;
    const assignments = joined.leader === joined.memberId ? joined.members.map((x) => ({ memberId: x.memberId, assignment: Buffer.from(x.memberId) })) : [];
    const synced = await m.client.call(14, 5, syncGroup.encodeSyncGroupRequest, syncGroup.decodeSyncGroupResponse, {
      groupId, generationId: joined.generationId, memberId: m.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments });
    if (synced.errorCode === 0) {
      m.generationId = joined.generationId;
      m.assignment = synced.assignment.toString();
    }
    while (!m.stopped && synced.errorCode === 0) {
      await new Promise((r) => setTimeout(r, 100));
      const beat = await m.client.call(12, 4, heartbeat.encodeHeartbeatRequest, heartbeat.decodeHeartbeatResponse,
        { groupId, generationId: m.generationId, memberId: m.memberId, groupInstanceId: null });
      if (beat.errorCode !== 0) break;
    }
  }
}

async function formGroup(port: number, groupId: string): Promise<number> {
  const members: Member[] = await Promise.all(Array.from({ length: MEMBERS }, async () =>
    ({ client: await WireClient.connect(port), memberId: '', generationId: -1, assignment: '', stopped: false })));
  const started = performance.now();
  const loops = members.map((m) => runMember(m, groupId).catch((err: unknown) => { if (!m.stopped) throw err; }));
  const done = () => members.every((m) => m.memberId !== '' && m.assignment === m.memberId && m.generationId === members[0].generationId);
  while (!done()) {
    if (performance.now() - started > GROUP_TIMEOUT_MS) throw new Error('the group did not form in time');
    await new Promise((r) => setTimeout(r, 2));
  }
  const elapsed = performance.now() - started;
  for (const m of members) {
    m.stopped = true;
    m.client.close();
  }
  await Promise.allSettled(loops);
  return elapsed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const delayMs of [0, 3000]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-bench-rebalance-'));
  const broker = await startBroker({ listeners: 'PLAINTEXT://127.0.0.1:0', 'log.dirs': dataDir, 'group.initial.rebalance.delay.ms': String(delayMs) });
  try {
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) times.push(await formGroup(broker.port, `bench-${i}`));
    console.log(`${MEMBERS} members join one group, group.initial.rebalance.delay.ms=${delayMs}: ` +
      `median ${median(times).toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
  } finally {
    await broker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
console.log('Compare with Apache Kafka: with the default delay it answers members arriving together after two delay rounds ' +
  '(the first round saw new members, so it extends once): about 6000 ms. With delay 0 the ceiling is the clients\' own ' +
  'heartbeat interval (100 ms here), which paces how fast earlier members learn of each rebalance.');
