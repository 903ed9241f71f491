// Committed offsets below the wire, with a controllable clock: offsets.retention.minutes expiry
// (with tombstones that survive a reload) and requireStable while a commit is not yet durable.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupCoordinator, type CoordinatorSettings } from '../../../../broker/coordinator/group-coordinator.ts';
import { logConfig } from '../../../../broker/log/log-config.ts';
import { LogManager } from '../../../../broker/log/log-manager.ts';
import { silentLogger } from '../../../../logging/logger.ts';

const MINUTE = 60_000;
const settings: CoordinatorSettings = {
  offsetsPartitions: 3, retentionMs: 10 * MINUTE, initialRebalanceDelayMs: 0, minSessionTimeoutMs: 10, maxSessionTimeoutMs: 60_000, maxGroupSize: 2 ** 31 - 1,
  retentionCheckIntervalMs: 600_000, maxMetadataBytes: 4096,
};

let dir: string;
let logs: LogManager;
let coordinator: GroupCoordinator;
let clock: number;
const now = () => clock;

async function open(): Promise<void> {
  logs = await LogManager.open({ logDirs: [dir], nodeId: 1, resolveConfig: () => logConfig({}) });
  coordinator = await GroupCoordinator.open({ logs, settings, log: silentLogger(), now });
}

async function close(): Promise<void> {
  coordinator.close();
  await logs.close();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-offsets-'));
  clock = 1_000_000;
  await open();
  await logs.createTopic('t', 2, {});
});
afterEach(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

const simpleCommit = (groupId: string, partition: number, offset: number, retentionTimeMs = -1) => coordinator.offsets.commit({
  groupId, generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs,
  partitions: [{ topic: 't', partition, offset, leaderEpoch: -1, metadata: null }],
});
const committed = (groupId: string) => coordinator.offsets.fetch(groupId, null, false).map((f) => [f.partition, f.offset]);

describe('offsets.retention.minutes', () => {
  test('offsets of a group without members expire after the retention, and the empty group goes with them', async () => {
    await simpleCommit('old', 0, 5);
    clock += 6 * MINUTE;
    await simpleCommit('old', 1, 6);
    await simpleCommit('fresh', 0, 7);
    clock += 5 * MINUTE; // 'old' p0 is 11 min old, p1 and 'fresh' 5 min
    expect(await coordinator.offsets.expire()).toBe(1);
    expect(committed('old')).toEqual([[1, 6]]);
    clock += 6 * MINUTE;
    expect(await coordinator.offsets.expire()).toBe(2);
    expect(committed('old')).toEqual([]);
    expect(coordinator.listGroups([], []).map((g) => g.groupId)).toEqual([]);

    // The tombstones are durable: nothing comes back on reload.
    await close();
    await open();
    expect(committed('old')).toEqual([]);
    expect(committed('fresh')).toEqual([]);
  });

  test('an explicit retention time (OffsetCommit v2-v4) overrides the broker retention', async () => {
    await simpleCommit('short', 0, 1, MINUTE);
    clock += 2 * MINUTE;
    expect(await coordinator.offsets.expire()).toBe(1);
    expect(committed('short')).toEqual([]);
  });

  test('offsets of a group with members do not expire', async () => {
    const join = (memberId: string) => coordinator.membership.join({
      groupId: 'live', memberId, groupInstanceId: null, clientId: 'c', clientHost: '', sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 60_000,
      protocolType: 'connect', protocols: [{ name: 'sessioned', metadata: Buffer.from('m') }], requireKnownMemberId: false, supportsSkipAssignment: false,
    });
    const joined = await join('');
    await coordinator.membership.sync({ groupId: 'live', generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null,
      protocolType: null, protocolName: null, assignments: [] });
    await coordinator.offsets.commit({ groupId: 'live', generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null,
      retentionTimeMs: -1, partitions: [{ topic: 't', partition: 0, offset: 3, leaderEpoch: -1, metadata: null }] });
    clock += 60 * MINUTE;
    expect(await coordinator.offsets.expire()).toBe(0);
    expect(committed('live')).toEqual([[0, 3]]);
  });
});

describe('requireStable', () => {
  test('a commit that is not yet durable is UNSTABLE_OFFSET_COMMIT with requireStable and invisible without it', async () => {
    await simpleCommit('g', 0, 1);
    const pending = simpleCommit('g', 0, 2);
    expect(coordinator.offsets.fetch('g', [{ topic: 't', partition: 0 }], true)[0].error?.errorName).toBe('UNSTABLE_OFFSET_COMMIT');
    expect(coordinator.offsets.fetch('g', [{ topic: 't', partition: 0 }], false)[0]).toMatchObject({ offset: 1, error: null });
    await pending;
    expect(coordinator.offsets.fetch('g', [{ topic: 't', partition: 0 }], true)[0]).toMatchObject({ offset: 2, error: null });
  });
});
