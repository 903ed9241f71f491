// Distributed worker settings: Kafka Connect's names, defaults and checks.
import { expect, test } from '@jest/globals';
import { distributedConfigFrom } from '../../../../runtime/cluster/distributed-config.ts';
import { eagerAssignment } from '../../../../runtime/cluster/eager-assignor.ts';
import { configuredWork } from '../../../../runtime/cluster/incremental-assignor.ts';

const required = { 'group.id': 'connect-cluster', 'config.storage.topic': 'c', 'offset.storage.topic': 'o', 'status.storage.topic': 's' };

test("Kafka's defaults", () => {
  expect(distributedConfigFrom(required)).toMatchObject({
    groupId: 'connect-cluster', sessionTimeoutMs: 10_000, heartbeatIntervalMs: 3_000, rebalanceTimeoutMs: 60_000,
    scheduledRebalanceMaxDelayMs: 300_000, connectProtocol: 'sessioned', workerSyncTimeoutMs: 3_000, workerUnsyncBackoffMs: 300_000,
    topics: { offsets: { name: 'o', partitions: 25, replicationFactor: 3 }, configs: { name: 'c', partitions: 1 }, status: { name: 's', partitions: 5 } },
  });
});

test('connect.protocol takes Kafka enum names; eager offers the "default" group protocol', () => {
  expect(distributedConfigFrom({ ...required, 'connect.protocol': 'EAGER' }).connectProtocol).toBe('default');
  expect(distributedConfigFrom({ ...required, 'connect.protocol': 'compatible' }).connectProtocol).toBe('compatible');
  expect(() => distributedConfigFrom({ ...required, 'connect.protocol': 'default' })).toThrow(/EAGER, COMPATIBLE, SESSIONED/);
});

test('group.id is required; the heartbeat must be shorter than the session; values are checked', () => {
  expect(() => distributedConfigFrom({ ...required, 'group.id': '' })).toThrow(/group.id/);
  expect(() => distributedConfigFrom({ ...required, 'heartbeat.interval.ms': '10000' })).toThrow(/session.timeout.ms/);
  expect(() => distributedConfigFrom({ ...required, 'session.timeout.ms': 'ten' })).toThrow(/session.timeout.ms/);
});

test('inter.worker.*: HmacSHA256 keys rotated hourly by default; the algorithms must agree', () => {
  expect(distributedConfigFrom(required).requestSigning).toEqual({
    keyGenerationAlgorithm: 'HmacSHA256', keySizeBits: null, keyTtlMs: 3_600_000, signatureAlgorithm: 'HmacSHA256', verificationAlgorithms: ['HmacSHA256'],
  });
  const both = { ...required, 'inter.worker.verification.algorithms': 'HmacSHA256, HmacSHA512', 'inter.worker.signature.algorithm': 'HmacSHA512' };
  expect(distributedConfigFrom(both).requestSigning).toMatchObject({ signatureAlgorithm: 'HmacSHA512', verificationAlgorithms: ['HmacSHA256', 'HmacSHA512'] });
  expect(() => distributedConfigFrom({ ...required, 'inter.worker.signature.algorithm': 'HmacSHA512' }))
    .toThrow(/Signature algorithm must be present in list of verification algorithms/);
  expect(() => distributedConfigFrom({ ...required, 'inter.worker.key.generation.algorithm': 'HmacMD5' })).toThrow(/Unknown MAC algorithm/);
  expect(() => distributedConfigFrom({ ...required, 'inter.worker.key.size': '-1' })).toThrow(/inter.worker.key.size/);
});

test('eager assignment hands out everything round-robin over the sorted members', () => {
  const configured = configuredWork(['a', 'b'], new Map([['a', 2], ['b', 1]]));
  const base = { version: 0, error: 0, leader: 'm1', leaderUrl: 'http://m1/', configOffset: 4 };
  const out = eagerAssignment(configured, ['m2', 'm1'], base);
  expect(out.get('m1')).toMatchObject({ connectors: ['a'], tasks: [{ connector: 'a', task: 0 }, { connector: 'b', task: 0 }] });
  expect(out.get('m2')).toMatchObject({ connectors: ['b'], tasks: [{ connector: 'a', task: 1 }] });
});
