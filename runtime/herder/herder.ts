// The Herder: what the REST API asks of a worker, in standalone and distributed mode alike
// (Kafka's org.apache.kafka.connect.runtime.Herder, made async). Failures are the typed errors of
// herder-errors.ts; a distributed follower throws NotLeaderError so the REST layer can forward.
import type {
  ActiveTopicsInfo, ConfigInfos, ConfigKeyInfo, ConnectorInfo, ConnectorOffset, ConnectorOffsets, ConnectorStateInfo,
  Created, InternalRequestSignature, LoggerLevel, Message, PluginInfo, RestartRequest, ServerInfo, TargetState, TaskInfo, TaskStateEntry,
} from './herder-entities.ts';

export type * from './herder-entities.ts';

export interface PutConnectorOptions {
  /** false for POST /connectors: an existing connector is an AlreadyExistsError. */
  allowReplace: boolean;
  /** `initial_state` of a new connector; ignored when the connector exists. */
  initialState?: TargetState;
}

export interface Herder {
  /** Connector names, sorted. */
  connectors(): Promise<string[]>;
  connectorInfo(name: string): Promise<ConnectorInfo>;
  connectorConfig(name: string): Promise<Record<string, string>>;
  /** Deprecated GET …/tasks-config: task id `<connector>-<n>` → config. */
  tasksConfig(name: string): Promise<Record<string, Record<string, string>>>;
  /** Validates, then creates or replaces. The config already carries `name`. */
  putConnectorConfig(name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<Created<ConnectorInfo>>;
  /** Merges `patch` into the current config (a null value removes the key), then as put. */
  patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>>;
  deleteConnector(name: string): Promise<void>;

  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  taskConfigs(name: string): Promise<TaskInfo[]>;
  taskStatus(name: string, task: number): Promise<TaskStateEntry>;

  /**
   * Restarts per the request and returns the status with RESTARTING on what will restart.
   * With neither flag set only the connector object restarts (whatever its state).
   */
  restartConnector(request: RestartRequest): Promise<ConnectorStateInfo>;
  restartTask(name: string, task: number): Promise<void>;
  /** Kafka Connect's internal endpoint: the leader makes a connector's new task configs current. */
  putTaskConfigs(name: string, configs: Record<string, string>[], signature: InternalRequestSignature | null): Promise<void>;
  pauseConnector(name: string): Promise<void>;
  resumeConnector(name: string): Promise<void>;
  /** Shuts the connector and its tasks down and removes its task configs (needed before offset changes). */
  stopConnector(name: string): Promise<void>;

  /** KIP-875. */
  connectorOffsets(name: string): Promise<ConnectorOffsets>;
  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<Message>;
  resetConnectorOffsets(name: string): Promise<Message>;

  connectorActiveTopics(name: string): Promise<ActiveTopicsInfo>;
  resetConnectorActiveTopics(name: string): Promise<void>;

  /** PUT /connector-plugins/{type}/config/validate, as AbstractHerder.validateConnectorConfig. */
  validateConnectorConfig(config: Record<string, string>): Promise<ConfigInfos>;
  /** Sink and source connectors first, then transformations, predicates, converters, header converters. */
  plugins(connectorsOnly: boolean): PluginInfo[];
  connectorPluginConfig(pluginName: string): Promise<ConfigKeyInfo[]>;

  /** Loggers with an explicitly set level, and root. */
  allLoggerLevels(): Record<string, LoggerLevel>;
  /** null when no such logger exists. */
  loggerLevel(name: string): LoggerLevel | null;
  /** Sets the level of `namespace` and its children on this worker; returns their names, sorted. */
  setWorkerLoggerLevel(namespace: string, level: string): string[];
  /** Sets the level on every worker of the cluster (standalone: this one). */
  setClusterLoggerLevel(namespace: string, level: string): Promise<void>;

  serverInfo(): ServerInfo;
  /** Resolves when the worker has started and can serve requests. */
  healthCheck(): Promise<void>;
}
