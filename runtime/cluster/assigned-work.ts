// What this worker runs for the cluster: the connectors and tasks the group assigned to it, kept
// in step with the config topic. Assignments add and revoke work; config topic changes restart
// what changed (a connector whose config changed, a task whose config changed, a target state);
// every state change the Worker reports is written to the status topic, and so is every topic a
// task uses for the first time (KIP-558's active topics, read by every worker).
import type { Logger } from 'pino';
import type { ConnectorState, ConnectorTaskId } from '../herder/herder-entities.ts';
import { sameConfig, sameTaskConfigs } from '../herder/herder-status.ts';
import { traceOf } from '../herder/status-store.ts';
import type { ConnectorWorker } from '../herder/worker-facade.ts';
import type { ConfigSnapshot, TargetState } from '../storage/config-backing-store.ts';
import type { KafkaStatusBackingStore } from '../storage/status-backing-store.ts';
import type { ConnectAssignment } from './connect-protocol.ts';
import { ConnectorsAndTasks } from './connectors-and-tasks.ts';

/** Kafka's backoff for task config submissions (DistributedHerder: 250 ms doubling up to 60 s). */
const SUBMIT_BACKOFF_INITIAL_MS = 250;
const SUBMIT_BACKOFF_MAX_MS = 60_000;

export interface AssignedWorkOptions {
  worker: ConnectorWorker;
  statusStore: KafkaStatusBackingStore;
  /** The latest config snapshot the herder has read. */
  snapshot: () => ConfigSnapshot;
  generation: () => number;
  /** Makes these task configs current: the leader writes them, a follower hands them to the leader. */
  submitTaskConfigs: (connector: string, configs: Record<string, string>[]) => Promise<void>;
  /** A connector asked for its task configs to be regenerated (runs on the herder's queue). */
  onReconfigurationRequested: (connector: string) => void;
  logger: Logger;
}

export class AssignedWork {
  readonly owned = new ConnectorsAndTasks();
  readonly #o: AssignedWorkOptions;
  readonly #pendingStatus = new Set<Promise<unknown>>();
  /** The next delay of each connector whose task configs could not be submitted. */
  readonly #submitBackoff = new Map<string, number>();

  constructor(options: AssignedWorkOptions) {
    this.#o = options;
    options.worker.attach({
      connectorStateChanged: (connector, state, error) => this.#writeStatus({ connector }, state, error),
      taskStateChanged: (id, state, error) => this.#writeStatus(id, state, error),
      taskReconfigurationRequested: (connector) => options.onReconfigurationRequested(connector),
      topicUsed: (id, topic) => this.#recordActiveTopic(id, topic),
    });
  }

  /** Stops what was revoked, then starts what is new (tasks after their connectors). */
  async apply(assignment: ConnectAssignment): Promise<void> {
    for (const id of assignment.revokedTasks) await this.#stopTask(id);
    for (const name of assignment.revokedConnectors) await this.#stopConnector(name);
    await this.#forgetTopicsOfDeleted([...assignment.revokedConnectors, ...assignment.revokedTasks.map((id) => id.connector)]);
    for (const name of assignment.connectors) {
      this.owned.connectors.add(name);
      await this.#startConnector(name);
    }
    for (const id of assignment.tasks) {
      this.owned.addTask(id);
      await this.#startTask(id);
    }
  }

  /** Stops everything (shutdown, lost membership, eager rebalance) and waits for the statuses to be written. */
  async stopAll(): Promise<void> {
    for (const id of this.owned.tasks) await this.#stopTask(id);
    for (const name of [...this.owned.connectors]) await this.#stopConnector(name);
    await this.flushStatuses();
  }

  async flushStatuses(): Promise<void> {
    await Promise.allSettled([...this.#pendingStatus]);
  }

  /** Brings what this worker runs in line with a newer config snapshot. */
  async configChanged(before: ConfigSnapshot, after: ConfigSnapshot): Promise<void> {
    const stopped: string[] = [];
    for (const name of [...this.owned.connectors]) {
      const config = after.connectors.get(name);
      if (config === undefined) {
        await this.#stopConnector(name);
        stopped.push(name);
        continue;
      }
      const stateBefore = before.targetStates.get(name) ?? 'STARTED';
      const stateAfter = after.targetStates.get(name) ?? 'STARTED';
      const configBefore = before.connectors.get(name);
      if (configBefore === undefined || !sameConfig(configBefore, config) || (stateBefore !== stateAfter && (stateBefore === 'STOPPED' || stateAfter === 'STOPPED'))) {
        await this.restartConnector(name);
      } else if (stateBefore !== stateAfter) {
        await this.#o.worker.setTargetState(name, stateAfter);
      }
    }
    for (const id of this.owned.tasks) {
      const config = after.tasks.get(id.connector)?.[id.task];
      if (config === undefined) {
        await this.#stopTask(id);
        stopped.push(id.connector);
        continue;
      }
      const previous = before.tasks.get(id.connector)?.[id.task];
      const connectorChanged = !sameConfig(before.connectors.get(id.connector) ?? {}, after.connectors.get(id.connector) ?? {});
      if (previous === undefined || !sameConfig(previous, config) || connectorChanged) {
        await this.#o.worker.stopTask(id);
        await this.#startTask(id);
      } else if (!this.owned.connectors.has(id.connector) && (before.targetStates.get(id.connector) ?? 'STARTED') !== (after.targetStates.get(id.connector) ?? 'STARTED')) {
        // Pause/resume of tasks whose connector runs on another worker.
        await this.#o.worker.setTargetState(id.connector, after.targetStates.get(id.connector) ?? 'STARTED');
      }
    }
    await this.#forgetTopicsOfDeleted(stopped);
  }

  /** Restarts the connector object (not its tasks) and submits its task configs when they changed. */
  async restartConnector(name: string): Promise<void> {
    await this.#o.worker.stopConnector(name);
    await this.#startConnector(name);
  }

  async restartTask(id: ConnectorTaskId): Promise<void> {
    await this.#o.worker.stopTask(id);
    await this.#startTask(id);
  }

  /** requestTaskReconfiguration(): ask the running connector again and submit what changed. */
  async reconfigure(name: string): Promise<void> {
    if (!this.owned.connectors.has(name) || !this.#o.worker.isRunning(name)) return;
    if ((this.#o.snapshot().targetStates.get(name) ?? 'STARTED') !== 'STARTED') return;
    await this.#submitIfChanged(name, await this.#o.worker.connectorTaskConfigs(name));
  }

  async #startConnector(name: string): Promise<void> {
    const snapshot = this.#o.snapshot();
    const config = snapshot.connectors.get(name);
    if (config === undefined) return;
    const target: TargetState = snapshot.targetStates.get(name) ?? 'STARTED';
    try {
      const taskConfigs = await this.#o.worker.startConnector(name, config, target);
      if (target === 'STARTED') await this.#submitIfChanged(name, taskConfigs);
    } catch (error) {
      // The Worker reported FAILED with the trace; the rest of the assignment still starts.
      this.#o.logger.error({ err: error, connector: name }, 'connector failed to start');
    }
  }

  /** A submission that fails (leader unreachable, rebalancing, refusing) is retried with backoff, as Kafka does. */
  async #submitIfChanged(name: string, taskConfigs: Record<string, string>[]): Promise<void> {
    const current = this.#o.snapshot().tasks.get(name) ?? [];
    if (sameTaskConfigs([...current], taskConfigs)) return;
    try {
      await this.#o.submitTaskConfigs(name, taskConfigs);
      this.#submitBackoff.delete(name);
    } catch (error) {
      const delayMs = Math.min((this.#submitBackoff.get(name) ?? SUBMIT_BACKOFF_INITIAL_MS / 2) * 2, SUBMIT_BACKOFF_MAX_MS);
      this.#submitBackoff.set(name, delayMs);
      this.#o.logger.warn({ err: error, connector: name, retryInMs: delayMs }, 'could not submit the task configs; retrying');
      setTimeout(() => this.#o.onReconfigurationRequested(name), delayMs).unref();
    }
  }

  async #startTask(id: ConnectorTaskId): Promise<void> {
    const snapshot = this.#o.snapshot();
    const connectorConfig = snapshot.connectors.get(id.connector);
    const taskConfig = snapshot.tasks.get(id.connector)?.[id.task];
    if (connectorConfig === undefined || taskConfig === undefined) {
      this.#o.logger.warn({ task: `${id.connector}-${id.task}` }, 'assigned a task the config topic does not have (yet); it starts with the next change');
      return;
    }
    try {
      await this.#o.worker.startTask(id, connectorConfig, taskConfig, snapshot.targetStates.get(id.connector) ?? 'STARTED');
    } catch (error) {
      this.#o.logger.error({ err: error, task: `${id.connector}-${id.task}` }, 'task failed to start');
    }
  }

  async #stopTask(id: ConnectorTaskId): Promise<void> {
    this.owned.removeTask(id);
    await this.#o.worker.stopTask(id);
  }

  async #stopConnector(name: string): Promise<void> {
    this.owned.connectors.delete(name);
    this.#submitBackoff.delete(name);
    await this.#o.worker.stopConnector(name);
  }

  /**
   * Called for every record a task sends or consumes (Kafka's WorkerTask.recordActiveTopic); the
   * store's look-up keeps it cheap, and writes only a topic it has not seen since the last reset.
   */
  #recordActiveTopic(id: ConnectorTaskId, topic: string): void {
    const store = this.#o.statusStore;
    if (store.isActiveTopic(id.connector, topic)) return;
    // A deleted connector's topic records are tombstoned; a stopping task's last records must not bring them back.
    if (!this.#o.snapshot().connectors.has(id.connector)) return;
    const write = store.recordActiveTopic({ topic, connector: id.connector, task: id.task, discoverTimestamp: Date.now() });
    if (write !== null) this.#track(write.catch((e: unknown) => this.#o.logger.error({ err: e, connector: id.connector, topic }, 'writing a topic record to the status topic failed')));
  }

  /**
   * Tombstones the topic records of connectors that were deleted, once this worker stopped their
   * work (as Kafka's DistributedHerder does on revocation: stopped first, or a last record of a
   * stopping task would outlive the tombstones). Reads the status topic to its end first, so its
   * own writes still in flight are among what it deletes.
   */
  async #forgetTopicsOfDeleted(connectors: readonly string[]): Promise<void> {
    const snapshot = this.#o.snapshot();
    for (const name of new Set(connectors)) {
      if (snapshot.connectors.has(name)) continue;
      try {
        await this.flushStatuses();
        await this.#o.statusStore.refresh();
        await this.#o.statusStore.resetActiveTopics(name);
      } catch (error) {
        this.#o.logger.error({ err: error, connector: name }, 'deleting the topic records of a deleted connector failed');
      }
    }
  }

  #track(write: Promise<unknown>): void {
    this.#pendingStatus.add(write);
    void write.finally(() => this.#pendingStatus.delete(write));
  }

  #writeStatus(id: { connector: string; task?: number }, state: ConnectorState, error?: Error): void {
    // A deleted connector's statuses are tombstoned; its last UNASSIGNED must not bring them back.
    if (state === 'UNASSIGNED' && !this.#o.snapshot().connectors.has(id.connector)) return;
    const status = { connector: id.connector, task: id.task, state, trace: traceOf(error), workerId: this.#o.worker.workerId, generation: this.#o.generation() };
    // UNASSIGNED goes through putSafe: a worker giving work up must not overwrite its new owner's state.
    const write = (state === 'UNASSIGNED' ? this.#o.statusStore.putSafe(status) : this.#o.statusStore.put(status))
      .catch((e: unknown) => this.#o.logger.error({ err: e, ...id }, 'writing a status to the status topic failed'));
    this.#track(write);
  }
}
