// This worker's part in the cluster: the config and status topics, group membership, the leader's
// assignment, and the work assigned here. The config topic is the source of truth: the worker
// reads it to its end before it acts on an assignment or a change, and only the leader writes
// connector configs and task configs (other workers hand theirs to the leader).
import type { Logger } from 'pino';
import type { InternalRequestSignature } from '../herder/herder-entities.ts';
import type { ConnectorWorker } from '../herder/worker-facade.ts';
import { GroupMemberClient } from '../kafka/group-member.ts';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import { KafkaConfigBackingStore, type ConfigSnapshot, type SessionKey } from '../storage/config-backing-store.ts';
import { KafkaStatusBackingStore } from '../storage/status-backing-store.ts';
import { AssignedWork } from './assigned-work.ts';
import type { ClusterContact } from './cluster-contact.ts';
import { ASSIGNMENT_CONFIG_MISMATCH, ASSIGNMENT_NO_ERROR, type ConnectAssignment } from './connect-protocol.ts';
import { ConnectorsAndTasks } from './connectors-and-tasks.ts';
import type { DistributedConfig } from './distributed-config.ts';
import { eagerAssignment } from './eager-assignor.ts';
import { configuredWork, IncrementalCooperativeAssignor } from './incremental-assignor.ts';
import { newSessionKey, verifyInternalRequest } from './request-signing.ts';
import { submitTaskConfigsToLeader } from './task-config-submission.ts';
import { WorkerGroupMember, type LeaderRound } from './worker-group-member.ts';

export interface WorkerClusterOptions {
  config: DistributedConfig;
  clients: KafkaClients;
  worker: ConnectorWorker;
  /** This worker's advertised REST URL (what other workers forward to). */
  url: string;
  logger: Logger;
  /** Tracks whether the Kafka cluster can be reached (the group membership reports to it). */
  contact: ClusterContact;
  /** A cluster-scope log level read from the config topic (applied by every worker, KIP-976). */
  onLoggingLevelUpdate?(namespace: string, level: string): void;
}

export class WorkerCluster {
  readonly configStore: KafkaConfigBackingStore;
  readonly statusStore: KafkaStatusBackingStore;
  readonly work: AssignedWork;
  readonly #o: WorkerClusterOptions;
  readonly #member: WorkerGroupMember;
  readonly #assignor: IncrementalCooperativeAssignor;
  #snapshot: ConfigSnapshot;
  #queue: Promise<unknown> = Promise.resolve();
  #configTickQueued = false;
  #assignment: ConnectAssignment | null = null;
  #rebalancing = true;
  #stableWaiters: Array<() => void> = [];
  #keyRotation: NodeJS.Timeout | undefined;

  constructor(options: WorkerClusterOptions) {
    this.#o = options;
    const { clients, config, logger } = options;
    const onChange = () => this.#queueConfigTick();
    this.configStore = new KafkaConfigBackingStore(clients, config.topics.configs.name, config.topics.configs.replicationFactor, 'configs', {
      onConnectorConfigUpdate: onChange, onConnectorConfigRemove: onChange, onTaskConfigUpdate: onChange, onTargetStateChange: onChange,
      onLoggingLevelUpdate: (namespace, level) => options.onLoggingLevelUpdate?.(namespace, level),
    }, logger);
    this.statusStore = new KafkaStatusBackingStore(clients, config.topics.status, 'statuses', logger);
    this.#snapshot = this.configStore.snapshot();
    this.#assignor = new IncrementalCooperativeAssignor({ maxDelayMs: config.scheduledRebalanceMaxDelayMs });
    this.work = new AssignedWork({
      worker: options.worker, statusStore: this.statusStore, snapshot: () => this.#snapshot, generation: () => this.#member.generation,
      submitTaskConfigs: (connector, configs) => this.#submitTaskConfigs(connector, configs),
      onReconfigurationRequested: (connector) => void this.serial(() => this.work.reconfigure(connector))
        .catch((e: unknown) => logger.error({ err: e, connector }, 'task reconfiguration failed')),
      logger,
    });
    const client = new GroupMemberClient(clients.options('consumer', 'group-member'), {
      groupId: config.groupId, protocolType: 'connect', sessionTimeoutMs: config.sessionTimeoutMs, rebalanceTimeoutMs: config.rebalanceTimeoutMs,
    });
    this.#member = new WorkerGroupMember({
      client, protocol: config.connectProtocol, heartbeatIntervalMs: config.heartbeatIntervalMs, logger: logger.child({ component: 'group-member' }),
      contact: options.contact,
      hooks: {
        workerState: () => ({ url: options.url, configOffset: this.#snapshot.offset, assignment: this.#currentAssignment() }),
        onRebalanceStarted: async () => this.#rebalanceStarted(),
        assign: (round) => this.#assign(round),
        onAssigned: (a) => this.serial(() => this.#assigned(a)),
        onMembershipLost: () => this.serial(() => this.work.stopAll()),
      },
    });
  }

  async start(): Promise<void> {
    await Promise.all([this.configStore.start(), this.statusStore.start()]);
    this.#snapshot = this.configStore.snapshot();
    this.#member.start();
  }

  /** Stops this worker's work (statuses written), then leaves the group so its work moves at once. */
  async stop(): Promise<void> {
    clearTimeout(this.#keyRotation);
    await this.serial(() => this.work.stopAll());
    await this.#member.stop();
    await Promise.all([this.configStore.stop(), this.statusStore.stop()]);
  }

  /** Runs operations that change what this worker runs one at a time. */
  serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  get isLeader(): boolean {
    return this.#assignment !== null && this.#assignment.leader === this.#member.memberId && this.#member.memberId !== '';
  }

  get leaderUrl(): string | null {
    return this.#assignment?.leaderUrl ?? null;
  }

  /** Internal requests are signed and verified once every member speaks the sessioned protocol (v2). */
  get requestValidationEnabled(): boolean {
    return this.#assignment !== null && this.#assignment.version >= 2;
  }

  get sessionKey(): SessionKey | null {
    return this.configStore.snapshot().sessionKey;
  }

  /** Throws unless an internal request is signed with the session key (once the sessioned protocol is in use). */
  verifyInternalRequest(signature: InternalRequestSignature | null): void {
    if (this.requestValidationEnabled) verifyInternalRequest(signature, this.sessionKey, this.#o.config.requestSigning.verificationAlgorithms);
  }

  get contact(): ClusterContact {
    return this.#o.contact;
  }

  get rebalancing(): boolean {
    return this.#rebalancing;
  }

  get joined(): boolean {
    return this.#assignment !== null;
  }

  snapshot(): ConfigSnapshot {
    return this.#snapshot;
  }

  /** Reads the config topic to its end and applies what changed; returns the fresh snapshot. */
  async readConfigToEnd(): Promise<ConfigSnapshot> {
    await this.configStore.refresh();
    await this.serial(() => this.#configTick());
    return this.#snapshot;
  }

  /** Resolves once no rebalance is under way, or false after `timeoutMs`. */
  awaitStable(timeoutMs: number): Promise<boolean> {
    if (!this.#rebalancing) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#stableWaiters.push(() => { clearTimeout(timer); resolve(true); });
    });
  }

  requestRejoin(reason: string): void {
    this.#member.requestRejoin(reason);
  }

  #currentAssignment(): ConnectAssignment | null {
    if (this.#assignment === null) return null;
    // What runs here now, in the shape the leader expects in member metadata.
    return { ...this.#assignment, connectors: [...this.work.owned.connectors], tasks: this.work.owned.tasks, revokedConnectors: [], revokedTasks: [], delay: 0 };
  }

  async #rebalanceStarted(): Promise<void> {
    this.#rebalancing = true;
    // Eager protocol: everything is given up before rejoining (there are no revocations).
    if (this.#assignment?.version === 0) await this.serial(() => this.work.stopAll());
  }

  async #assign(round: LeaderRound): Promise<Map<string, ConnectAssignment>> {
    const snapshot = await this.readConfigToEnd();
    const maxOffset = Math.max(...[...round.members.values()].map((m) => m.configOffset));
    const base = { version: round.protocolVersion, leader: round.memberId, leaderUrl: this.#o.url, revokedConnectors: [], revokedTasks: [], delay: 0 };
    if (snapshot.offset < maxOffset) {
      this.#o.logger.info({ own: snapshot.offset, maxOffset }, 'leader is behind a member on the config topic; asking everyone to resync');
      return new Map([...round.members.keys()].map((id) => [id, { ...base, error: ASSIGNMENT_CONFIG_MISMATCH, configOffset: maxOffset, connectors: [], tasks: [] }]));
    }
    const configured = configuredWork(snapshot.connectors.keys(), new Map([...snapshot.tasks].map(([c, t]) => [c, t.length])));
    if (round.protocolVersion === 0) {
      return eagerAssignment(configured, [...round.members.keys()], { ...base, error: ASSIGNMENT_NO_ERROR, configOffset: snapshot.offset });
    }
    await this.statusStore.refresh();
    // Work its owner stopped cleanly (UNASSIGNED written before it left) need not wait for it to return.
    const released = ConnectorsAndTasks.of(
      [...configured.connectors].filter((c) => this.statusStore.get(c)?.state === 'UNASSIGNED'),
      configured.tasks.filter((t) => this.statusStore.get(t.connector, t.task)?.state === 'UNASSIGNED'),
    );
    return this.#assignor.assign({
      leaderId: round.memberId, leaderUrl: this.#o.url, configOffset: snapshot.offset, configured, members: round.members,
      generation: round.generation, lastCompletedGeneration: this.#member.lastCompletedGeneration, protocolVersion: round.protocolVersion, released,
    });
  }

  async #assigned(assignment: ConnectAssignment): Promise<void> {
    const log = this.#o.logger;
    if (assignment.error === ASSIGNMENT_CONFIG_MISMATCH) {
      await this.configStore.refresh().catch((e: unknown) => log.warn({ err: e }, 'reading the config topic failed'));
      this.#member.requestRejoin('config offset mismatch');
      return;
    }
    this.#assignment = assignment;
    if (!(await this.#catchUp(assignment.configOffset))) {
      log.warn({ offset: assignment.configOffset, backoffMs: this.#o.config.workerUnsyncBackoffMs }, 'could not read the config topic to the assignment offset in time; rejoining later');
      this.#member.scheduleRejoin(this.#o.config.workerUnsyncBackoffMs, 'config topic caught up');
    }
    await this.#configTick();
    await this.#keepSessionKeyCurrent();
    await this.work.apply(assignment);
    this.#rebalancing = false;
    for (const resolve of this.#stableWaiters.splice(0)) resolve();
  }

  /** The leader writes a new session key when there is none or it is inter.worker.key.ttl.ms old, and again at each expiry. */
  async #keepSessionKeyCurrent(): Promise<void> {
    clearTimeout(this.#keyRotation);
    if (!this.isLeader || !this.requestValidationEnabled) return;
    const signing = this.#o.config.requestSigning;
    let key = this.sessionKey;
    let nextCheckMs: number;
    try {
      if (key === null || Date.now() >= key.creationTimestamp + signing.keyTtlMs) {
        key = newSessionKey(signing.keyGenerationAlgorithm, signing.keySizeBits);
        await this.configStore.putSessionKey(key);
        this.#o.logger.info({ algorithm: key.algorithm }, 'wrote a new session key for internal requests');
      }
      nextCheckMs = Math.max(key.creationTimestamp + signing.keyTtlMs - Date.now(), 1000);
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'could not write a new session key; retrying in 1 s');
      nextCheckMs = 1000;
    }
    this.#keyRotation = setTimeout(() => void this.serial(() => this.#keepSessionKeyCurrent()), nextCheckMs);
    this.#keyRotation.unref();
  }

  /** Reads the config topic up to `offset` within worker.sync.timeout.ms. */
  async #catchUp(offset: number): Promise<boolean> {
    if (this.configStore.snapshot().offset >= offset) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => { timer = setTimeout(() => r(false), this.#o.config.workerSyncTimeoutMs); });
    const read = this.configStore.refresh().then(() => this.configStore.snapshot().offset >= offset);
    return Promise.race([read, timeout]).finally(() => clearTimeout(timer));
  }

  #queueConfigTick(): void {
    if (this.#configTickQueued) return;
    this.#configTickQueued = true;
    void this.serial(() => this.#configTick()).catch((e: unknown) => this.#o.logger.error({ err: e }, 'applying config topic changes failed'));
  }

  /** Applies config topic changes to the local work; the leader rebalances when the set of work changed. */
  async #configTick(): Promise<void> {
    this.#configTickQueued = false;
    const before = this.#snapshot;
    const after = this.configStore.snapshot();
    if (after.offset === before.offset) return;
    this.#snapshot = after;
    await this.work.configChanged(before, after);
    if (!this.isLeader) return;
    const removed = [...before.connectors.keys()].filter((c) => !after.connectors.has(c));
    for (const name of removed) await this.statusStore.remove(name, before.tasks.get(name)?.length ?? 0);
    const workChanged = removed.length > 0 || [...after.connectors.keys()].some((c) => !before.connectors.has(c))
      || [...after.tasks].some(([c, t]) => (before.tasks.get(c)?.length ?? -1) !== t.length);
    if (workChanged) this.#member.requestRejoin('connectors or tasks were added or removed');
  }

  async #submitTaskConfigs(connector: string, configs: Record<string, string>[]): Promise<void> {
    if (this.isLeader) {
      await this.configStore.putTaskConfigs(connector, configs);
      return;
    }
    await submitTaskConfigsToLeader({
      leaderUrl: this.leaderUrl, connector, configs, sessionKey: this.sessionKey, signatureAlgorithm: this.#o.config.requestSigning.signatureAlgorithm,
    });
  }
}
