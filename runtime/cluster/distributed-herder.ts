// Distributed mode (Kafka's DistributedHerder) behind the same Herder interface as standalone:
// reads come from the config and status topics (read to their end first, so every worker answers
// alike); writes are carried out by the leader, which appends to the config topic — a follower
// throws NotLeaderError with the leader's URL and the REST layer forwards. Restarts run where the
// connector or task runs. Writes that arrive during a rebalance wait for it, then answer 409.
import type { Logger } from 'pino';
import type {
  ActiveTopicsInfo, ConnectorInfo, ConnectorOffset, ConnectorOffsets, ConnectorStateInfo, ConnectorTaskId,
  Created, InternalRequestSignature, Message, RestartRequest, TaskInfo, TaskStateEntry,
} from '../herder/herder-entities.ts';
import { restartsConnectorOnly } from '../herder/herder-entities.ts';
import { AlreadyExistsError, NotFoundError, NotLeaderError, RebalanceNeededError } from '../herder/herder-errors.ts';
import { buildRestartPlan, connectorStateInfo, taskStateInfo } from '../herder/herder-status.ts';
import type { Herder, PutConnectorOptions } from '../herder/herder.ts';
import {
  ModeIndependentHerder, patchedConfig, requireStoppedForOffsets, taskConfigsById, taskInfos, type ModeIndependentHerderOptions,
} from '../herder/mode-independent-herder.ts';
import { StatusStore } from '../herder/status-store.ts';
import type { ConfigSnapshot } from '../storage/config-backing-store.ts';
import { httpForwarder, internalUrl, workerUrlOf } from './http-forwarder.ts';
import type { WorkerCluster } from './worker-cluster.ts';

export interface DistributedHerderOptions extends ModeIndependentHerderOptions {
  cluster: WorkerCluster;
  logger: Logger;
  /** How long a write waits for a rebalance in progress before answering 409. */
  rebalanceWaitMs?: number;
}

export const REBALANCE_EXPECTED = 'Request cannot be completed because a rebalance is expected';

export class DistributedHerder extends ModeIndependentHerder implements Herder {
  readonly #o: DistributedHerderOptions;
  readonly #c: WorkerCluster;

  constructor(options: DistributedHerderOptions) {
    super(options);
    this.#o = options;
    this.#c = options.cluster;
  }

  async start(): Promise<void> {
    await this.#c.start();
    await this.finishStart();
  }

  async stop(): Promise<void> {
    await this.#c.stop();
    await this.#o.worker.stop();
  }

  /** The internal endpoint's operation (POST /connectors/{c}/tasks): the leader makes these task configs current. */
  async putTaskConfigs(connector: string, configs: Record<string, string>[], signature: InternalRequestSignature | null): Promise<void> {
    this.#c.verifyInternalRequest(signature);
    await this.#leader('Only the leader may write task configurations.');
    if (!(await this.#fresh()).connectors.has(connector)) throw new NotFoundError(`Connector ${connector} not found`);
    await this.#c.configStore.putTaskConfigs(connector, configs);
  }

  // Steps that need the Kafka cluster go through the contact guard: while the worker cannot reach
  // the cluster they answer at once with what is wrong instead of hanging (docs/cluster.md).
  async #fresh(): Promise<ConfigSnapshot> {
    return this.#c.contact.guard('reading the config topic to its end', () => this.#c.readConfigToEnd());
  }

  /** Waits out a rebalance, then requires this worker to be the leader. */
  async #leader(message: string): Promise<void> {
    const stable = await this.#c.contact.guard('waiting for a rebalance to complete', () => this.#c.awaitStable(this.#o.rebalanceWaitMs ?? 10_000));
    if (!stable) throw new RebalanceNeededError(REBALANCE_EXPECTED);
    if (!this.#c.isLeader) throw new NotLeaderError(message, this.#c.leaderUrl);
  }

  #config(snapshot: ConfigSnapshot, name: string, message = `Connector ${name} not found`): Record<string, string> {
    const config = snapshot.connectors.get(name);
    if (config === undefined) throw new NotFoundError(message);
    return config;
  }

  #info(snapshot: ConfigSnapshot, name: string): ConnectorInfo {
    return this.buildConnectorInfo(name, this.#config(snapshot, name), snapshot.tasks.get(name) ?? []);
  }

  async connectors(): Promise<string[]> {
    return [...(await this.#fresh()).connectors.keys()].sort();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.#info(await this.#fresh(), name);
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.#config(await this.#fresh(), name) };
  }

  async tasksConfig(name: string): Promise<Record<string, Record<string, string>>> {
    const snapshot = await this.#fresh();
    this.#config(snapshot, name);
    return taskConfigsById(name, snapshot.tasks.get(name) ?? []);
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    const snapshot = await this.#fresh();
    this.#config(snapshot, name);
    return taskInfos(name, snapshot.tasks.get(name) ?? []);
  }

  async putConnectorConfig(name: string, config: Record<string, string>, options: PutConnectorOptions): Promise<Created<ConnectorInfo>> {
    await this.#leader('Only the leader can set connector configs.');
    await this.requireValidConfig(config);
    const exists = (await this.#fresh()).connectors.has(name);
    if (exists && !options.allowReplace) throw new AlreadyExistsError(`Connector ${name} already exists`);
    await this.#c.configStore.putConnectorConfig(name, config, exists ? undefined : options.initialState ?? 'STARTED');
    return { created: !exists, result: this.#info(await this.#fresh(), name) };
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>> {
    await this.#leader('Only the leader can set connector configs.');
    return this.putConnectorConfig(name, patchedConfig(this.#config(await this.#fresh(), name), patch), { allowReplace: true });
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#leader('Only the leader can delete connectors.');
    this.#config(await this.#fresh(), name);
    await this.#c.configStore.removeConnectorConfig(name);
    await this.#fresh();
  }

  #refreshStatuses(): Promise<void> {
    return this.#c.contact.guard('reading the status topic to its end', () => this.#c.statusStore.refresh());
  }

  /** Statuses from the status topic, read to its end, of the tasks the config still has. */
  async #statuses(name: string): Promise<StatusStore> {
    await this.#refreshStatuses();
    const taskCount = this.#c.snapshot().tasks.get(name)?.length;
    const view = new StatusStore();
    const connector = this.#c.statusStore.get(name);
    if (connector !== undefined) view.putConnector(name, connector);
    for (const t of this.#c.statusStore.tasks(name)) {
      if (taskCount === undefined || t.task! < taskCount) view.putTask({ connector: name, task: t.task! }, t);
    }
    return view;
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const snapshot = await this.#fresh();
    return connectorStateInfo(await this.#statuses(name), name, this.connectorType(snapshot.connectors.get(name)));
  }

  async taskStatus(name: string, task: number): Promise<TaskStateEntry> {
    await this.#fresh();
    return taskStateInfo(await this.#statuses(name), { connector: name, task });
  }

  async restartConnector(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    const snapshot = await this.#fresh();
    const config = this.#config(snapshot, name, restartsConnectorOnly(request) ? `Connector ${name} not found` : `Unknown connector: ${name}`);
    const plan = buildRestartPlan(await this.#statuses(name), request, this.connectorType(config));
    if (plan === null) throw new NotFoundError(`Status for connector ${name} not found`);
    if (restartsConnectorOnly(request)) {
      await this.#restartWhereRunning({ connector: name });
      return plan.info;
    }
    await this.#leader('Only the leader can restart connectors and their tasks.');
    // The leader sends each restart to the worker running it (forward=false: no further hop).
    if (plan.restartConnector) await this.#restartOnOwner({ connector: name });
    for (const task of plan.tasks) await this.#restartOnOwner({ connector: name, task });
    return plan.info;
  }

  async restartTask(name: string, task: number): Promise<void> {
    const snapshot = await this.#fresh();
    if (snapshot.tasks.get(name)?.[task] === undefined) throw new NotFoundError(`Task ${name}-${task} not found`);
    await this.#restartWhereRunning({ connector: name, task });
  }

  async #restartWhereRunning(id: { connector: string; task?: number }): Promise<void> {
    if (this.#runsHere(id)) {
      await this.#restartHere(id);
      return;
    }
    const owner = this.#c.statusStore.get(id.connector, id.task)?.workerId;
    if (this.#c.isLeader && owner !== undefined) throw new NotLeaderError('Connector or task is assigned to another worker.', workerUrlOf(owner));
    throw new NotLeaderError('Cannot restart: not the leader and not running it.', this.#c.leaderUrl);
  }

  #runsHere(id: { connector: string; task?: number }): boolean {
    return id.task === undefined ? this.#c.work.owned.connectors.has(id.connector) : this.#c.work.owned.hasTask(id as ConnectorTaskId);
  }

  #restartHere(id: { connector: string; task?: number }): Promise<void> {
    return this.#c.serial(() => (id.task === undefined ? this.#c.work.restartConnector(id.connector) : this.#c.work.restartTask(id as ConnectorTaskId)));
  }

  async #restartOnOwner(id: { connector: string; task?: number }): Promise<void> {
    if (this.#runsHere(id)) return this.#restartHere(id);
    const owner = this.#c.statusStore.get(id.connector, id.task)?.workerId;
    if (owner === undefined) return;
    const path = `/connectors/${encodeURIComponent(id.connector)}${id.task === undefined ? '' : `/tasks/${id.task}`}/restart`;
    const response = await httpForwarder({ url: internalUrl(workerUrlOf(owner), path, { forward: 'false' }), method: 'POST', body: null, headers: {} });
    if (response.status >= 300) this.#o.logger.warn({ ...id, status: response.status, body: response.body }, 'restart on the owning worker failed');
  }

  // Pause and resume are written by whichever worker gets them, as Kafka's AbstractHerder does:
  // a target state is one record, and every worker applies it from the config topic.
  async pauseConnector(name: string): Promise<void> {
    this.#config(await this.#fresh(), name, `Unknown connector ${name}`);
    await this.#c.configStore.putTargetState(name, 'PAUSED');
  }

  async resumeConnector(name: string): Promise<void> {
    this.#config(await this.#fresh(), name, `Unknown connector ${name}`);
    await this.#c.configStore.putTargetState(name, 'STARTED');
  }

  async stopConnector(name: string): Promise<void> {
    await this.#leader('Only the leader can stop connectors.');
    this.#config(await this.#fresh(), name);
    // Kafka's order: the empty task set first (tasks go away), then the STOPPED target state.
    await this.#c.configStore.putTaskConfigs(name, []);
    await this.#c.configStore.putTargetState(name, 'STOPPED');
  }

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return this.#o.worker.connectorOffsets(name, this.#config(await this.#fresh(), name));
  }

  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<Message> {
    return this.#modifyOffsets(name, offsets);
  }

  resetConnectorOffsets(name: string): Promise<Message> {
    return this.#modifyOffsets(name, null);
  }

  async #modifyOffsets(name: string, offsets: ConnectorOffset[] | null): Promise<Message> {
    await this.#leader('Only the leader can modify connector offsets.');
    const snapshot = await this.#fresh();
    const config = this.#config(snapshot, name);
    requireStoppedForOffsets(name, snapshot.targetStates.get(name), snapshot.tasks.get(name)?.length ?? 0);
    return this.#o.worker.modifyConnectorOffsets(name, config, offsets);
  }

  // Active topics (KIP-558) are the status topic's topic records, read to its end: every worker
  // answers alike, and any worker resets them (tombstones; no leader needed, as in Kafka). As in
  // Kafka, neither checks that the connector exists, and tasks still running re-add a topic as
  // soon as they use it again.
  async connectorActiveTopics(name: string): Promise<ActiveTopicsInfo> {
    await this.#refreshStatuses();
    return { topics: this.#c.statusStore.activeTopics(name).map((t) => t.topic) };
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    await this.#refreshStatuses();
    await this.#c.contact.guard('writing to the status topic', () => this.#c.statusStore.resetActiveTopics(name));
  }

  /** Any worker writes the `logger-cluster-*` record (no leader needed); every worker applies it as it reads it. */
  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    await this.#c.configStore.putLoggerLevel(namespace, level);
  }

  async healthCheck(): Promise<void> {
    if (!this.started || !this.#c.joined) throw new Error('Worker is still starting up.');
    if (this.#c.contact.lost) throw this.#c.contact.unavailableError();
  }
}
