// A ConnectorWorker for REST conformance tests: runs the real connector objects (start,
// taskConfigs, stop) from the plugin registry and keeps source offsets in a real FileOffsetStore,
// but moves no records: tasks are reported RUNNING/PAUSED when started, and a test can fail one.
// The record pipeline is covered by the standalone end-to-end test once runtime/worker exists.
import type { Connector } from '../../../../runtime/api/connector.ts';
import type { FileOffsetStore } from '../../../../runtime/storage/file-offset-store.ts';
import type { ConnectorOffset, ConnectorOffsets, ConnectorTaskId, Message, TargetState } from '../../../../runtime/herder/herder-entities.ts';
import type { ConnectorWorker, WorkerListener } from '../../../../runtime/herder/worker-facade.ts';
import type { PluginRegistry } from '../../../../runtime/plugins/plugin-registry.ts';

const RUNNING_STATE: Record<TargetState, 'RUNNING' | 'PAUSED' | 'STOPPED'> = { STARTED: 'RUNNING', PAUSED: 'PAUSED', STOPPED: 'STOPPED' };

export class ConnectorOnlyWorker implements ConnectorWorker {
  readonly workerId: string;
  readonly #registry: PluginRegistry;
  readonly #offsets: FileOffsetStore;
  readonly #connectors = new Map<string, { connector: Connector; config: Record<string, string> }>();
  readonly #tasks = new Map<string, ConnectorTaskId>();
  #listener: WorkerListener | undefined;

  constructor(registry: PluginRegistry, offsets: FileOffsetStore, workerId = '127.0.0.1:8083') {
    this.#registry = registry;
    this.#offsets = offsets;
    this.workerId = workerId;
  }

  attach(listener: WorkerListener): void {
    this.#listener = listener;
  }

  /** Marks a running task FAILED, as a task that threw would be. */
  failTask(id: ConnectorTaskId, error: Error): void {
    this.#listener!.taskStateChanged(id, 'FAILED', error);
  }

  reportTopic(connector: string, topic: string, task = 0): void {
    this.#listener!.topicUsed?.({ connector, task }, topic);
  }

  async startConnector(name: string, config: Record<string, string>, targetState: TargetState): Promise<Record<string, string>[]> {
    const connector = this.#registry.newConnector(config['connector.class']);
    connector.initialize({
      requestTaskReconfiguration: () => this.#listener!.taskReconfigurationRequested(name),
      raiseError: (e: Error) => this.#listener!.connectorStateChanged(name, 'FAILED', e),
    });
    this.#connectors.set(name, { connector, config });
    if (targetState === 'STOPPED') {
      this.#listener!.connectorStateChanged(name, 'STOPPED');
      return [];
    }
    await connector.start({ ...config });
    this.#listener!.connectorStateChanged(name, RUNNING_STATE[targetState]);
    return targetState === 'STARTED' ? this.connectorTaskConfigs(name) : [];
  }

  async connectorTaskConfigs(name: string): Promise<Record<string, string>[]> {
    const entry = this.#connectors.get(name)!;
    return entry.connector.taskConfigs(Number(entry.config['tasks.max'] ?? 1));
  }

  isRunning(name: string): boolean {
    return this.#connectors.has(name);
  }

  async startTask(id: ConnectorTaskId, _connectorConfig: Record<string, string>, _taskConfig: Record<string, string>, targetState: TargetState): Promise<void> {
    this.#tasks.set(`${id.connector}-${id.task}`, id);
    this.#listener!.taskStateChanged(id, RUNNING_STATE[targetState]);
  }

  async stopTask(id: ConnectorTaskId): Promise<void> {
    this.#tasks.delete(`${id.connector}-${id.task}`);
  }

  async stopConnector(name: string): Promise<void> {
    const entry = this.#connectors.get(name);
    if (entry === undefined) return;
    this.#connectors.delete(name);
    await entry.connector.stop();
  }

  async setTargetState(name: string, state: TargetState): Promise<void> {
    this.#listener!.connectorStateChanged(name, RUNNING_STATE[state]);
    for (const id of this.#tasks.values()) if (id.connector === name) this.#listener!.taskStateChanged(id, RUNNING_STATE[state]);
  }

  async connectorOffsets(name: string, config: Record<string, string>): Promise<ConnectorOffsets> {
    if (this.#registry.connectorType(config['connector.class']) === 'sink') return { offsets: [] };
    return { offsets: await this.#offsets.offsets(name) };
  }

  async modifyConnectorOffsets(name: string, _config: Record<string, string>, offsets: ConnectorOffset[] | null): Promise<Message> {
    const changes = offsets ?? (await this.#offsets.offsets(name)).map(({ partition }) => ({ partition, offset: null }));
    await this.#offsets.set(name, changes);
    return { message: offsets === null ? 'The offsets for this connector have been reset successfully' : 'The offsets for this connector have been altered successfully' };
  }

  async kafkaClusterId(): Promise<string | null> {
    return 'test-cluster-id';
  }

  async stop(): Promise<void> {
    for (const name of [...this.#connectors.keys()]) await this.stopConnector(name);
  }
}
