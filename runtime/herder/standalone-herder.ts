// Standalone mode (Kafka's StandaloneHerder): one worker, connector configs held in memory (from
// property files and REST), statuses in memory, source offsets in a local file via the worker.
// Operations run one at a time, as Kafka's synchronized methods do.
import type { Logger } from 'pino';
import { TASKS_MAX_CONFIG } from './connector-config-def.ts';
import type {
  ActiveTopicsInfo, ConnectorInfo, ConnectorOffset, ConnectorOffsets, ConnectorStateInfo, ConnectorTaskId,
  Created, Message, RestartRequest, TargetState, TaskInfo, TaskStateEntry,
} from './herder-entities.ts';
import { restartsConnectorOnly } from './herder-entities.ts';
import { AlreadyExistsError, NotFoundError, UnsupportedOperationError } from './herder-errors.ts';
import { buildRestartPlan, connectorStateInfo, sameConfig, sameTaskConfigs, statusWritingListener, taskStateInfo } from './herder-status.ts';
import type { Herder, PutConnectorOptions } from './herder.ts';
import {
  ModeIndependentHerder, patchedConfig, requireStoppedForOffsets, taskConfigsById, taskInfos, type ModeIndependentHerderOptions,
} from './mode-independent-herder.ts';
import { StatusStore } from './status-store.ts';

export interface StandaloneHerderOptions extends ModeIndependentHerderOptions {
  logger: Logger;
}

interface ConnectorEntry {
  config: Record<string, string>;
  targetState: TargetState;
  taskConfigs: Record<string, string>[];
}

export class StandaloneHerder extends ModeIndependentHerder implements Herder {
  readonly #o: StandaloneHerderOptions;
  readonly #connectors = new Map<string, ConnectorEntry>();
  readonly #status = new StatusStore();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: StandaloneHerderOptions) {
    super(options);
    this.#o = options;
    options.worker.attach(statusWritingListener(this.#status, () => options.worker.workerId,
      (name) => void this.#serial(() => this.#updateTasks(name)).catch((e: unknown) => options.logger.error({ err: e, connector: name }, 'task reconfiguration failed'))));
  }

  start(): Promise<void> {
    return this.finishStart();
  }

  async stop(): Promise<void> {
    await this.#serial(async () => {
      for (const name of this.#connectors.keys()) await this.#stopConnectorAndTasks(name);
      await this.#o.worker.stop();
    });
  }

  /** Runs operations one at a time; a failed one does not block the next. */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #entry(name: string, message = `Connector ${name} not found`): ConnectorEntry {
    const entry = this.#connectors.get(name);
    if (entry === undefined) throw new NotFoundError(message);
    return entry;
  }

  #info(name: string, entry: ConnectorEntry): ConnectorInfo {
    return this.buildConnectorInfo(name, entry.config, entry.taskConfigs);
  }

  async connectors(): Promise<string[]> {
    return [...this.#connectors.keys()].sort();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.#info(name, this.#entry(name));
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.#entry(name).config };
  }

  async tasksConfig(name: string): Promise<Record<string, Record<string, string>>> {
    return taskConfigsById(name, this.#entry(name).taskConfigs);
  }

  putConnectorConfig(name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<Created<ConnectorInfo>> {
    return this.#serial(async () => {
      await this.requireValidConfig(config);
      const existing = this.#connectors.get(name);
      if (existing !== undefined && !options.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`);
      if (existing !== undefined) await this.#o.worker.stopConnector(name);
      const entry: ConnectorEntry = existing ?? { config, targetState: options.initialState ?? 'STARTED', taskConfigs: [] };
      const configChanged = existing !== undefined && !sameConfig(existing.config, config);
      entry.config = config;
      this.#connectors.set(name, entry);
      await this.#startConnector(name, entry, configChanged);
      return { created: existing === undefined, result: this.#info(name, entry) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>> {
    return this.putConnectorConfig(name, patchedConfig(this.#entry(name).config, patch), { allowReplace: true });
  }

  deleteConnector(name: string): Promise<void> {
    return this.#serial(async () => {
      this.#entry(name);
      await this.#stopConnectorAndTasks(name);
      this.#connectors.delete(name);
      this.#status.removeConnector(name);
    });
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return connectorStateInfo(this.#status, name, this.connectorType(this.#connectors.get(name)?.config));
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    return taskInfos(name, this.#entry(name).taskConfigs);
  }

  async taskStatus(name: string, task: number): Promise<TaskStateEntry> {
    return taskStateInfo(this.#status, { connector: name, task });
  }

  restartConnector(request: RestartRequest): Promise<ConnectorStateInfo> {
    return this.#serial(async () => {
      const name = request.connector;
      const entry = this.#entry(name, restartsConnectorOnly(request) ? `Connector ${name} not found` : `Unknown connector: ${name}`);
      const plan = buildRestartPlan(this.#status, request, this.connectorType(entry.config));
      if (plan === null) throw new NotFoundError(`Status for connector ${name} not found`);
      if (plan.restartConnector) {
        await this.#o.worker.stopConnector(name);
        this.#status.putConnector(name, { ...this.#status.connector(name)!, state: 'RESTARTING', trace: null });
      }
      for (const task of plan.tasks) {
        await this.#o.worker.stopTask({ connector: name, task });
        this.#status.putTask({ connector: name, task }, { ...this.#status.task({ connector: name, task })!, state: 'RESTARTING', trace: null });
      }
      if (plan.restartConnector) {
        const taskConfigs = await this.#o.worker.startConnector(name, entry.config, entry.targetState);
        // A connector-only restart picks up new task configs as Kafka's requestTaskReconfiguration does.
        if (restartsConnectorOnly(request) && entry.targetState === 'STARTED' && !sameTaskConfigs(entry.taskConfigs, taskConfigs)) {
          await this.#replaceTasks(name, entry, taskConfigs);
        }
      }
      for (const task of plan.tasks) await this.#startTask({ connector: name, task }, entry);
      return plan.info;
    });
  }

  putTaskConfigs(): Promise<void> {
    return Promise.reject(new UnsupportedOperationError('Kafka Connect in standalone mode does not support externally setting task configurations.'));
  }

  restartTask(name: string, task: number): Promise<void> {
    return this.#serial(async () => {
      const entry = this.#entry(name);
      if (entry.taskConfigs[task] === undefined) throw new NotFoundError(`Task ${name}-${task} not found`);
      await this.#o.worker.stopTask({ connector: name, task });
      await this.#startTask({ connector: name, task }, entry);
    });
  }

  pauseConnector(name: string): Promise<void> {
    return this.#setTargetState(name, 'PAUSED');
  }

  resumeConnector(name: string): Promise<void> {
    return this.#setTargetState(name, 'STARTED');
  }

  #setTargetState(name: string, state: TargetState): Promise<void> {
    return this.#serial(async () => {
      const entry = this.#entry(name, `Unknown connector ${name}`);
      const previous = entry.targetState;
      entry.targetState = state;
      if (previous === 'STOPPED') await this.#startConnector(name, entry, false);
      else await this.#o.worker.setTargetState(name, state);
    });
  }

  stopConnector(name: string): Promise<void> {
    return this.#serial(async () => {
      const entry = this.#entry(name);
      await this.#removeTasks(name, entry);
      entry.targetState = 'STOPPED';
      await this.#o.worker.setTargetState(name, 'STOPPED');
    });
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return this.#o.worker.connectorOffsets(name, this.#entry(name).config);
  }

  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<Message> {
    return this.#modifyOffsets(name, offsets);
  }

  resetConnectorOffsets(name: string): Promise<Message> {
    return this.#modifyOffsets(name, null);
  }

  #modifyOffsets(name: string, offsets: ConnectorOffset[] | null): Promise<Message> {
    return this.#serial(async () => {
      const entry = this.#entry(name);
      requireStoppedForOffsets(name, entry.targetState, entry.taskConfigs.length);
      return this.#o.worker.modifyConnectorOffsets(name, entry.config, offsets);
    });
  }

  async connectorActiveTopics(name: string): Promise<ActiveTopicsInfo> {
    return { topics: this.#status.topics(name) };
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    this.#status.resetTopics(name);
  }

  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    this.#o.loggers.setLevel(namespace, level); // this single worker is the whole cluster
  }

  async healthCheck(): Promise<void> {
    if (!this.started) throw new Error('Worker is still starting up.');
    await this.#serial(async () => undefined);
  }

  async #startConnector(name: string, entry: ConnectorEntry, forceTaskRestart: boolean): Promise<void> {
    const taskConfigs = await this.#o.worker.startConnector(name, entry.config, entry.targetState);
    if (entry.targetState !== 'STARTED') return;
    if (forceTaskRestart || !sameTaskConfigs(entry.taskConfigs, taskConfigs)) await this.#replaceTasks(name, entry, taskConfigs);
  }

  async #updateTasks(name: string): Promise<void> {
    const entry = this.#connectors.get(name);
    if (entry === undefined || entry.targetState !== 'STARTED' || !this.#o.worker.isRunning(name)) return;
    const taskConfigs = await this.#o.worker.connectorTaskConfigs(name);
    if (!sameTaskConfigs(entry.taskConfigs, taskConfigs)) await this.#replaceTasks(name, entry, taskConfigs);
  }

  async #replaceTasks(name: string, entry: ConnectorEntry, taskConfigs: Record<string, string>[]): Promise<void> {
    await this.#removeTasks(name, entry);
    const max = Number(entry.config[TASKS_MAX_CONFIG] ?? 1);
    entry.taskConfigs = taskConfigs.slice(0, Number.isInteger(max) && max > 0 ? max : 1);
    for (let task = 0; task < entry.taskConfigs.length; task++) await this.#startTask({ connector: name, task }, entry);
  }

  async #startTask(id: ConnectorTaskId, entry: ConnectorEntry): Promise<void> {
    await this.#o.worker.startTask(id, entry.config, entry.taskConfigs[id.task], entry.targetState);
  }

  async #removeTasks(name: string, entry: ConnectorEntry): Promise<void> {
    for (let task = 0; task < entry.taskConfigs.length; task++) {
      await this.#o.worker.stopTask({ connector: name, task });
      this.#status.removeTask({ connector: name, task });
    }
    entry.taskConfigs = [];
  }

  async #stopConnectorAndTasks(name: string): Promise<void> {
    const entry = this.#connectors.get(name);
    if (entry !== undefined) await this.#removeTasks(name, entry);
    await this.#o.worker.stopConnector(name);
  }
}
