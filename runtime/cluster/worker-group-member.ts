// A worker's membership of the Connect group (Kafka's WorkerGroupMember + WorkerCoordinator):
// join with the worker's state, let the leader compute the assignment, hand each assignment to
// the herder, heartbeat until a rebalance is needed, and repeat. The herder's hooks decide what
// to run; this class only speaks the group protocol.
import type { Logger } from 'pino';
import type { GroupMemberClient } from '../kafka/group-member.ts';
import { GROUP_ERRORS, GroupCallError } from '../kafka/group-member.ts';
import {
  decodeAssignment, decodeMetadata, encodeAssignment, isConnectProtocolName, joinProtocols, PROTOCOL_VERSION,
  type ConnectAssignment, type ConnectProtocolName, type WorkerState,
} from './connect-protocol.ts';

export interface LeaderRound {
  memberId: string;
  generation: number;
  protocolVersion: number;
  members: ReadonlyMap<string, WorkerState>;
}

export interface GroupMemberHooks {
  /** URL, config offset and current assignment, sent in every JoinGroup. */
  workerState(): WorkerState;
  /** A rebalance begins (the herder answers writes with 409 until the next assignment; eager members stop everything). */
  onRebalanceStarted(): Promise<void>;
  /** Leader only: every member's assignment. */
  assign(round: LeaderRound): Promise<Map<string, ConnectAssignment>>;
  /** This member's assignment of the completed round; the member rejoins afterwards if it revoked anything. */
  onAssigned(assignment: ConnectAssignment, generation: number, memberId: string): Promise<void>;
  /** The member fell out of the group (expired session, fenced generation): stop everything before rejoining. */
  onMembershipLost(): Promise<void>;
}

export interface WorkerGroupMemberOptions {
  client: GroupMemberClient;
  hooks: GroupMemberHooks;
  protocol: ConnectProtocolName;
  heartbeatIntervalMs: number;
  logger: Logger;
  /** Pause after a failed join (coordinator unavailable, network). */
  retryBackoffMs?: number;
  /** Told of every group call's outcome: it tracks (and logs) whether the cluster can be reached. */
  contact?: ClusterContactTracker;
}

export interface ClusterContactTracker {
  readonly lost: boolean;
  /** Returns true when the failure was a lost connection (then it has been logged there). */
  failed(error: unknown): boolean;
  succeeded(): void;
}

export class WorkerGroupMember {
  readonly #o: WorkerGroupMemberOptions;
  #running = false;
  #loop: Promise<void> | null = null;
  #rejoinReason: string | null = 'first join';
  #wake: (() => void) | null = null;
  #scheduled: NodeJS.Timeout | null = null;
  #generation = -1;
  #lastCompletedGeneration = -1;

  constructor(options: WorkerGroupMemberOptions) {
    this.#o = options;
  }

  get generation(): number { return this.#generation; }
  /** Generation of the last round this member completed (the assignor's view is valid only from it). */
  get lastCompletedGeneration(): number { return this.#lastCompletedGeneration; }
  get memberId(): string { return this.#o.client.memberId; }

  start(): void {
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Leaves the group at the next heartbeat (at once when idle). */
  requestRejoin(reason: string): void {
    this.#rejoinReason ??= reason;
    this.#wake?.();
  }

  /** A rebalance after `delayMs` (the leader's scheduled delay for lost work). */
  scheduleRejoin(delayMs: number, reason: string): void {
    if (this.#scheduled !== null) clearTimeout(this.#scheduled);
    this.#scheduled = setTimeout(() => { this.#scheduled = null; this.requestRejoin(reason); }, delayMs);
  }

  /** Stops heartbeating and leaves, so the group rebalances at once. */
  async stop(reason = 'the worker is shutting down'): Promise<void> {
    this.#running = false;
    if (this.#scheduled !== null) clearTimeout(this.#scheduled);
    this.#wake?.();
    await this.#o.client.leave(reason);
    await this.#o.client.close();
    await this.#loop?.catch(() => undefined);
  }

  async #run(): Promise<void> {
    const log = this.#o.logger;
    while (this.#running) {
      try {
        if (this.#rejoinReason !== null) await this.#rebalance(this.#rejoinReason);
        else await this.#heartbeat();
      } catch (error) {
        if (!this.#running) break;
        const code = error instanceof GroupCallError ? error.errorCode : null;
        if (code !== null) this.#o.contact?.succeeded(); // the coordinator answered: the cluster is reachable
        if (code === GROUP_ERRORS.UNKNOWN_MEMBER_ID || code === GROUP_ERRORS.ILLEGAL_GENERATION) {
          log.warn({ code }, 'this worker fell out of the group; stopping its work before rejoining');
          if (code === GROUP_ERRORS.UNKNOWN_MEMBER_ID) this.#o.client.resetMemberId();
          this.#lastCompletedGeneration = -1;
          await this.#o.hooks.onMembershipLost();
          this.#rejoinReason ??= 'membership lost';
        } else if (code === GROUP_ERRORS.REBALANCE_IN_PROGRESS) {
          this.#rejoinReason ??= 'the group is rebalancing';
        } else if (this.#o.contact?.failed(error) === true) {
          // Logged once by the contact tracker; the member keeps rejoining until the cluster is back.
          log.debug({ err: error }, 'group call failed: no contact with the cluster; retrying');
          this.#rejoinReason ??= 'retry after a failed group call';
          await this.#sleep(this.#o.retryBackoffMs ?? 500);
        } else {
          log.warn({ err: error }, 'group call failed; retrying');
          this.#rejoinReason ??= 'retry after a failed group call';
          await this.#sleep(this.#o.retryBackoffMs ?? 500);
        }
      }
    }
  }

  async #rebalance(reason: string): Promise<void> {
    const { client, hooks, logger } = this.#o;
    await hooks.onRebalanceStarted();
    // Rejoin attempts while the cluster is unreachable are not news (the loss was logged at WARN).
    logger[this.#o.contact?.lost === true ? 'debug' : 'info']({ reason }, 'rebalance started');
    this.#rejoinReason = null;
    const joined = await client.join(joinProtocols(this.#o.protocol, hooks.workerState()), reason);
    this.#generation = joined.generation;
    const protocol = isConnectProtocolName(joined.protocolName) ? joined.protocolName : 'default';
    const version = PROTOCOL_VERSION[protocol];
    const assignments = new Map<string, Buffer>();
    if (joined.leaderId === joined.memberId) {
      const members = new Map(joined.members.map((m) => [m.memberId, decodeMetadata(m.metadata)]));
      const computed = await hooks.assign({ memberId: joined.memberId, generation: joined.generation, protocolVersion: version, members });
      for (const [memberId, a] of computed) assignments.set(memberId, encodeAssignment(a, version));
    }
    const bytes = await client.sync(joined.generation, joined.protocolName, assignments);
    this.#o.contact?.succeeded();
    const assignment = decodeAssignment(bytes);
    this.#lastCompletedGeneration = joined.generation;
    logger.info({
      generation: joined.generation, leader: assignment.leader, connectors: assignment.connectors.length, tasks: assignment.tasks.length,
      revokedConnectors: assignment.revokedConnectors.length, revokedTasks: assignment.revokedTasks.length, delay: assignment.delay,
    }, 'joined group and got assignment');
    await hooks.onAssigned(assignment, joined.generation, joined.memberId);
    // Incremental cooperative: what was revoked is now stopped; the follow-up round places it.
    if (assignment.revokedConnectors.length > 0 || assignment.revokedTasks.length > 0) this.requestRejoin('follow-up after revocations');
    if (assignment.delay > 0) this.scheduleRejoin(assignment.delay, 'scheduled rebalance for lost work');
  }

  async #heartbeat(): Promise<void> {
    await this.#sleep(this.#o.heartbeatIntervalMs);
    if (!this.#running || this.#rejoinReason !== null) return;
    await this.#o.client.heartbeat(this.#generation);
    this.#o.contact?.succeeded();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
