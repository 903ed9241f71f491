// The bodies the Connect REST API sends and receives, shaped and ordered as Kafka Connect's
// Jackson entities serialize them (creator properties first), so JSON.stringify of these objects
// gives Kafka's bytes. Field order matters to clients that diff responses.

export type ConnectorType = 'source' | 'sink' | 'unknown';

/** What a connector should be doing (Kafka's TargetState). */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

/** `initial_state` of POST /connectors (Kafka's CreateConnectorRequest.InitialState). */
export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';

export const INITIAL_TO_TARGET: Readonly<Record<InitialState, TargetState>> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' };

/** Connector and task states as the status endpoints report them. */
export type ConnectorState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING' | 'DESTROYED';

export interface ConnectorTaskId {
  connector: string;
  task: number;
}

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: ConnectorTaskId[];
  type: ConnectorType;
}

/** `{"state","worker_id"[,"trace"]}`; trace is left out when empty (JsonInclude NON_EMPTY). */
export interface ConnectorStateEntry {
  state: ConnectorState;
  worker_id: string;
  trace?: string;
}

export interface TaskStateEntry {
  id: number;
  state: ConnectorState;
  worker_id: string;
  trace?: string;
}

export interface ConnectorStateInfo {
  name: string;
  connector: ConnectorStateEntry;
  tasks: TaskStateEntry[];
  type: ConnectorType;
}

export interface TaskInfo {
  id: ConnectorTaskId;
  config: Record<string, string>;
}

export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  order: number;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo | null;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

export interface PluginInfo {
  class: string;
  type: string;
  version?: string;
}

export interface LoggerLevel {
  level: string;
  last_modified: number | null;
}

export interface ServerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string | null;
}

export type OffsetMap = Record<string, unknown>;

/** One partition's offset; a null offset in PATCH …/offsets resets that partition. */
export interface ConnectorOffset {
  partition: OffsetMap;
  offset: OffsetMap | null;
}

export interface ConnectorOffsets {
  offsets: ConnectorOffset[];
}

export interface Message {
  message: string;
}

export interface ActiveTopicsInfo {
  topics: string[];
}

/** Kafka's Herder.Created: whether a PUT created the connector (201) or updated it (200). */
export interface Created<T> {
  created: boolean;
  result: T;
}

/** POST …/restart?includeTasks=&onlyFailed= (Kafka's RestartRequest). */
export interface RestartRequest {
  connector: string;
  onlyFailed: boolean;
  includeTasks: boolean;
}

/** No flags: restart the connector object only, whatever its state (Kafka's forceRestartConnectorOnly). */
export function restartsConnectorOnly(request: RestartRequest): boolean {
  return !request.onlyFailed && !request.includeTasks;
}

export function connectorStateEntry(state: ConnectorState, workerId: string, trace: string | null | undefined): ConnectorStateEntry {
  return trace ? { state, worker_id: workerId, trace } : { state, worker_id: workerId };
}

export function taskStateEntry(id: number, state: ConnectorState, workerId: string, trace: string | null | undefined): TaskStateEntry {
  return trace ? { id, state, worker_id: workerId, trace } : { id, state, worker_id: workerId };
}

/** What a signed internal request carried (Kafka's InternalRequestSignature): checked against the session key. */
export interface InternalRequestSignature {
  readonly algorithm: string;
  /** The HMAC of `body`, base64. */
  readonly signature: string;
  /** The request body exactly as received. */
  readonly body: Buffer;
}
