// What a herder drives: the Worker that instantiates connectors and runs tasks (runtime/worker/).
// The herder decides what runs where and records status; the worker does the running and reports
// every state change back through the listener.
import type { ConnectorOffset, ConnectorOffsets, ConnectorState, ConnectorTaskId, Message, TargetState } from './herder-entities.ts';

export interface WorkerListener {
  /** The connector reached `state` (RUNNING, PAUSED, STOPPED, FAILED with `error`, UNASSIGNED on shutdown). */
  connectorStateChanged(connector: string, state: ConnectorState, error?: Error): void;
  taskStateChanged(id: ConnectorTaskId, state: ConnectorState, error?: Error): void;
  /** The connector called context.requestTaskReconfiguration(). */
  taskReconfigurationRequested(connector: string): void;
  /**
   * A task produced a record to (source, once Kafka acknowledged it) or consumed one from (sink)
   * this topic: called for every record, so the listener must be cheap (the active-topics set).
   * Not called when topic.tracking.enable is false.
   */
  topicUsed?(id: ConnectorTaskId, topic: string): void;
}

export interface ConnectorWorker {
  /** `host:port` of this worker's REST listener, as status entries show it. */
  readonly workerId: string;
  attach(listener: WorkerListener): void;
  /**
   * Instantiates and starts the connector in `targetState`. When STARTED, resolves with its task
   * configs (at most tasks.max); otherwise with [].
   */
  startConnector(name: string, config: Record<string, string>, targetState: TargetState): Promise<Record<string, string>[]>;
  /** Asks the running connector for its task configs again. */
  connectorTaskConfigs(name: string): Promise<Record<string, string>[]>;
  isRunning(name: string): boolean;
  startTask(id: ConnectorTaskId, connectorConfig: Record<string, string>, taskConfig: Record<string, string>, targetState: TargetState): Promise<void>;
  stopTask(id: ConnectorTaskId): Promise<void>;
  stopConnector(name: string): Promise<void>;
  /** Pauses or resumes the connector and its tasks. */
  setTargetState(name: string, state: TargetState): Promise<void>;
  /** GET …/offsets: source offsets from the offset store, sink offsets from the consumer group. */
  connectorOffsets(name: string, config: Record<string, string>): Promise<ConnectorOffsets>;
  /** PATCH (offsets) or DELETE (null) …/offsets of a stopped connector. */
  modifyConnectorOffsets(name: string, config: Record<string, string>, offsets: ConnectorOffset[] | null): Promise<Message>;
  /** The Kafka cluster id of bootstrap.servers (GET /), null if unknown. */
  kafkaClusterId(): Promise<string | null>;
  stop(): Promise<void>;
}
