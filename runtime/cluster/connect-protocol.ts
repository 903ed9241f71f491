// The Connect group protocol's member metadata and assignments, byte for byte as Kafka's
// ConnectProtocol (v0, protocol "default", eager) and IncrementalCooperativeConnectProtocol
// (v1 "compatible", v2 "sessioned") write them, so Tributary workers can read what Kafka's
// workers put in a JoinGroup/SyncGroup and the other way round.
//
// Metadata v0:   Version INT16 | Url STRING | ConfigOffset INT64
// Metadata v1/2: Version INT16 | Url STRING | ConfigOffset INT64 | Allocation NULLABLE_BYTES (the
//                worker's current assignment, serialized as below, null before its first one)
// Assignment v0: Version INT16 | Error INT16 | Leader STRING | LeaderUrl STRING | ConfigOffset INT64
//                | Assignment [Connector STRING, Tasks [INT32]]
// Assignment v1/2: as v0, Assignment nullable, then Revoked [Connector, Tasks] (nullable) | Delay INT32
// A task id of -1 in Tasks stands for the connector instance itself.
import type { ConnectorTaskId } from '../herder/herder-entities.ts';
import { ByteReader, ByteWriter, SchemaError } from './protocol-bytes.ts';

export type ConnectProtocolName = 'default' | 'compatible' | 'sessioned';

/** connect.protocol values and the group protocol version each one speaks. */
export const PROTOCOL_VERSION: Readonly<Record<ConnectProtocolName, number>> = { default: 0, compatible: 1, sessioned: 2 };

/** The sentinel task id meaning "the connector itself" (ConnectProtocol.CONNECTOR_TASK). */
export const CONNECTOR_TASK = -1;

export const ASSIGNMENT_NO_ERROR = 0;
/** The leader was behind the config offset another member reported: members must read the config topic and rejoin. */
export const ASSIGNMENT_CONFIG_MISMATCH = 1;

export interface ConnectAssignment {
  readonly version: number;
  readonly error: number;
  readonly leader: string;
  readonly leaderUrl: string;
  readonly configOffset: number;
  readonly connectors: readonly string[];
  readonly tasks: readonly ConnectorTaskId[];
  readonly revokedConnectors: readonly string[];
  readonly revokedTasks: readonly ConnectorTaskId[];
  /** Milliseconds after which the member should rejoin (a scheduled rebalance is pending). */
  readonly delay: number;
}

export interface WorkerState {
  readonly url: string;
  readonly configOffset: number;
  /** What the worker runs now; null before its first assignment (and always in v0 metadata). */
  readonly assignment: ConnectAssignment | null;
}

interface ConnectorEntry { connector: string; tasks: number[] }

/** Connector and task ids grouped per connector, connectors first, in first-seen order (Kafka's LinkedHashMap). */
function byConnector(connectors: readonly string[], tasks: readonly ConnectorTaskId[]): ConnectorEntry[] {
  const map = new Map<string, number[]>();
  for (const c of new Set(connectors)) map.set(c, [CONNECTOR_TASK]);
  for (const t of tasks) {
    const list = map.get(t.connector) ?? [];
    map.set(t.connector, list);
    list.push(t.task);
  }
  return [...map].map(([connector, ids]) => ({ connector, tasks: ids }));
}

function writeEntry(w: ByteWriter, e: ConnectorEntry): void {
  w.string(e.connector).array(e.tasks, (ww, t) => ww.int32(t));
}

function readEntry(r: ByteReader): ConnectorEntry {
  return { connector: r.string(), tasks: r.array((rr) => rr.int32()) ?? [] };
}

function split(entries: ConnectorEntry[] | null): { connectors: string[]; tasks: ConnectorTaskId[] } {
  const connectors: string[] = [];
  const tasks: ConnectorTaskId[] = [];
  for (const e of entries ?? []) {
    for (const t of e.tasks) {
      if (t === CONNECTOR_TASK) connectors.push(e.connector);
      else tasks.push({ connector: e.connector, task: t });
    }
  }
  return { connectors, tasks };
}

function checkVersion(version: number): void {
  if (version < 0) throw new SchemaError(`Unsupported subscription version: ${version}`);
}

/** Member metadata in the given protocol version (0, 1 or 2). */
export function encodeMetadata(state: WorkerState, version: number): Buffer {
  const w = new ByteWriter().int16(version).string(state.url).int64(state.configOffset);
  if (version === 0) return w.toBuffer();
  // The embedded assignment carries the same version header as the metadata (Kafka does so).
  return w.nullableBytes(state.assignment === null ? null : encodeAssignment(state.assignment, version)).toBuffer();
}

/** Any version: v0 metadata has no allocation, later versions may add trailing fields. */
export function decodeMetadata(bytes: Buffer): WorkerState & { version: number } {
  const r = new ByteReader(bytes);
  const version = r.int16();
  checkVersion(version);
  const url = r.string();
  const configOffset = r.int64();
  if (version === 0 || r.remaining === 0) return { version, url, configOffset, assignment: null };
  const allocation = r.nullableBytes();
  return { version, url, configOffset, assignment: allocation === null ? null : decodeAssignment(allocation) };
}

export function encodeAssignment(a: ConnectAssignment, version: number): Buffer {
  const w = new ByteWriter().int16(version).int16(a.error).string(a.leader).string(a.leaderUrl).int64(a.configOffset)
    .array(byConnector(a.connectors, a.tasks), writeEntry);
  if (version === 0) return w.toBuffer();
  return w.array(byConnector(a.revokedConnectors, a.revokedTasks), writeEntry).int32(a.delay).toBuffer();
}

export function decodeAssignment(bytes: Buffer): ConnectAssignment {
  const r = new ByteReader(bytes);
  const version = r.int16();
  checkVersion(version);
  const error = r.int16();
  const leader = r.string();
  const leaderUrl = r.string();
  const configOffset = r.int64();
  const assigned = split(r.remaining > 0 ? r.array(readEntry) : null);
  if (version === 0) return { version, error, leader, leaderUrl, configOffset, ...assigned, revokedConnectors: [], revokedTasks: [], delay: 0 };
  const revoked = split(r.remaining > 0 ? r.array(readEntry) : null);
  const delay = r.remaining >= 4 ? r.int32() : 0;
  return {
    version, error, leader, leaderUrl, configOffset, ...assigned,
    revokedConnectors: revoked.connectors, revokedTasks: revoked.tasks, delay,
  };
}

/**
 * The protocols a worker offers in JoinGroup, most preferred first (WorkerCoordinator.metadata):
 * sessioned → [sessioned, compatible, default]; compatible → [compatible, default]; default → [default].
 * The coordinator picks the one every member supports.
 */
export function joinProtocols(mode: ConnectProtocolName, state: WorkerState): Array<{ name: ConnectProtocolName; metadata: Buffer }> {
  const names: ConnectProtocolName[] = mode === 'sessioned' ? ['sessioned', 'compatible', 'default']
    : mode === 'compatible' ? ['compatible', 'default'] : ['default'];
  return names.map((name) => ({ name, metadata: encodeMetadata(state, PROTOCOL_VERSION[name]) }));
}

export function isConnectProtocolName(name: string): name is ConnectProtocolName {
  return Object.hasOwn(PROTOCOL_VERSION, name);
}
