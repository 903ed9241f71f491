// The Connect group protocol codecs against bytes laid out by hand from Kafka's schemas
// (ConnectProtocol, IncrementalCooperativeConnectProtocol, ExtendedAssignment).
import { describe, expect, test } from '@jest/globals';
import {
  ASSIGNMENT_CONFIG_MISMATCH, decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, joinProtocols,
  type ConnectAssignment,
} from '../../../../runtime/cluster/connect-protocol.ts';

const str = (s: string) => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s)]);
const i16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const i64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(n)); return b; };
const hex = (...parts: Buffer[]) => Buffer.concat(parts).toString('hex');

const assignment: ConnectAssignment = {
  version: 1, error: 0, leader: 'leader-1', leaderUrl: 'http://w1:8083/', configOffset: 42,
  connectors: ['orders'], tasks: [{ connector: 'orders', task: 0 }, { connector: 'users', task: 1 }],
  revokedConnectors: [], revokedTasks: [{ connector: 'users', task: 0 }], delay: 1500,
};

// Kafka groups ids per connector, the connector itself as task -1 first, in first-seen order.
const assignedEntries = [i32(2), str('orders'), i32(2), i32(-1), i32(0), str('users'), i32(1), i32(1)];

describe('member metadata', () => {
  test('v0 (default): version, url, config offset', () => {
    const bytes = encodeMetadata({ url: 'http://w1:8083/', configOffset: 10, assignment: null }, 0);
    expect(bytes.toString('hex')).toBe(hex(i16(0), str('http://w1:8083/'), i64(10)));
    expect(decodeMetadata(bytes)).toEqual({ version: 0, url: 'http://w1:8083/', configOffset: 10, assignment: null });
  });

  test('v1 (compatible) of a new worker carries a null allocation', () => {
    const bytes = encodeMetadata({ url: 'http://w2:8083/', configOffset: -1, assignment: null }, 1);
    expect(bytes.toString('hex')).toBe(hex(i16(1), str('http://w2:8083/'), i64(-1), i32(-1)));
  });

  test('v2 (sessioned) embeds the current assignment with a v2 header', () => {
    const bytes = encodeMetadata({ url: 'http://w1:8083/', configOffset: 42, assignment }, 2);
    const embedded = encodeAssignment(assignment, 2);
    expect(bytes.toString('hex')).toBe(hex(i16(2), str('http://w1:8083/'), i64(42), i32(embedded.length), embedded));
    const decoded = decodeMetadata(bytes);
    expect(decoded.assignment).toEqual({ ...assignment, version: 2 });
  });

  test('a v0 reader can read v1 metadata (trailing allocation ignored by Kafka too)', () => {
    const bytes = encodeMetadata({ url: 'u', configOffset: 3, assignment }, 1);
    expect(decodeMetadata(bytes.subarray(0, 2 + 3 + 8))).toMatchObject({ url: 'u', configOffset: 3, assignment: null });
  });
});

describe('assignments', () => {
  test('v1 layout: error, leader, leader url, offset, assigned, revoked, delay', () => {
    expect(encodeAssignment(assignment, 1).toString('hex')).toBe(hex(
      i16(1), i16(0), str('leader-1'), str('http://w1:8083/'), i64(42), ...assignedEntries,
      i32(1), str('users'), i32(1), i32(0), i32(1500),
    ));
  });

  test('v0 layout stops after the assigned connectors', () => {
    const bytes = encodeAssignment(assignment, 0);
    expect(bytes.toString('hex')).toBe(hex(i16(0), i16(0), str('leader-1'), str('http://w1:8083/'), i64(42), ...assignedEntries));
    expect(decodeAssignment(bytes)).toEqual({ ...assignment, version: 0, revokedConnectors: [], revokedTasks: [], delay: 0 });
  });

  test('round trip v2 and the config-mismatch error', () => {
    const a = { ...assignment, version: 2, error: ASSIGNMENT_CONFIG_MISMATCH, connectors: [], tasks: [] };
    expect(decodeAssignment(encodeAssignment(a, 2))).toEqual(a);
  });

  test('null arrays and missing trailing fields read as empty (Kafka tolerates missing fields)', () => {
    const bytes = Buffer.concat([i16(1), i16(0), str('l'), str('u'), i64(5), i32(-1)]);
    expect(decodeAssignment(bytes)).toMatchObject({ connectors: [], tasks: [], revokedConnectors: [], revokedTasks: [], delay: 0 });
  });

  test('truncated bytes are refused', () => {
    expect(() => decodeAssignment(encodeAssignment(assignment, 1).subarray(0, 20))).toThrow(/more bytes/);
  });
});

test('join protocols in preference order per connect.protocol', () => {
  const state = { url: 'http://w:8083/', configOffset: 0, assignment: null };
  expect(joinProtocols('sessioned', state).map((p) => p.name)).toEqual(['sessioned', 'compatible', 'default']);
  expect(joinProtocols('compatible', state).map((p) => [p.name, p.metadata.readInt16BE()])).toEqual([['compatible', 1], ['default', 0]]);
  expect(joinProtocols('default', state).map((p) => p.name)).toEqual(['default']);
});
