// The rebalance state machine of classic groups, driven by group-membership.ts: preparing a
// rebalance (with group.initial.rebalance.delay.ms for a new group), completing the join phase
// when every member rejoined or the rebalance timeout passed, completing the sync phase with the
// leader's assignment, removing members, and the timers behind all of it (join deadlines, session
// expiry, KIP-394 pending member ids).
import type { Logger } from 'pino';
import type { KafkaError } from '../kafka-error.ts';
import type { ClassicGroup, GroupMember, JoinOutcome } from './group-metadata.ts';
import { joinError, rebalancing, toKafkaError, unknownMember } from './group-membership-errors.ts';

export type RebalanceSettings = { initialRebalanceDelayMs: number };

export type GroupPersistence = { storeGroup(group: ClassicGroup): Promise<void> };

export type Assignments = { memberId: string; assignment: Buffer }[];

const EMPTY: Buffer = Buffer.alloc(0);

export class GroupRebalance {
  readonly #settings: RebalanceSettings;
  readonly #store: GroupPersistence;
  readonly #log: Logger;
  readonly #now: () => number;
  /** The pending delayed join (or initial delay) of each rebalancing group. */
  readonly #joinTimers = new Map<ClassicGroup, ReturnType<typeof setTimeout>>();
  readonly #initialDelay = new Set<ClassicGroup>();

  constructor(options: { settings: RebalanceSettings; store: GroupPersistence; log: Logger; now: () => number }) {
    this.#settings = options.settings;
    this.#store = options.store;
    this.#log = options.log;
    this.#now = options.now;
  }

  /** A member was added: during the initial delay, that earns the group another delay round. */
  noteNewMember(group: ClassicGroup): void {
    if (this.#initialDelay.has(group)) group.newMemberAdded = true;
  }

  maybePrepare(group: ClassicGroup, reason: string): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') this.prepare(group, reason);
  }

  prepare(group: ClassicGroup, reason: string): void {
    if (group.state === 'CompletingRebalance') this.propagateSyncError(group, rebalancing(group));
    const wasEmpty = group.state === 'Empty';
    group.transitionTo('PreparingRebalance', this.#now());
    this.#log.info({ group: group.groupId, generation: group.generationId, reason }, 'preparing to rebalance group');
    this.#clearJoinTimer(group);
    if (wasEmpty && this.#settings.initialRebalanceDelayMs > 0) {
      // group.initial.rebalance.delay.ms: let the first members of a new group arrive together,
      // extending by one delay per round with new arrivals, within the rebalance timeout.
      this.#initialDelay.add(group);
      group.newMemberAdded = false;
      this.#initialDelayRound(group, group.rebalanceTimeoutMs - this.#settings.initialRebalanceDelayMs, this.#settings.initialRebalanceDelayMs);
    } else {
      this.#setJoinTimer(group, group.rebalanceTimeoutMs, () => this.#completeJoin(group));
    }
  }

  #initialDelayRound(group: ClassicGroup, remainingMs: number, delayMs: number): void {
    this.#setJoinTimer(group, delayMs, () => {
      if (group.newMemberAdded && remainingMs > 0) {
        group.newMemberAdded = false;
        const next = Math.min(this.#settings.initialRebalanceDelayMs, remainingMs);
        this.#initialDelayRound(group, remainingMs - next, next);
        return;
      }
      this.#initialDelay.delete(group);
      this.#completeJoin(group);
    });
  }

  maybeCompleteJoin(group: ClassicGroup): void {
    if (group.state === 'PreparingRebalance' && !this.#initialDelay.has(group) && group.allMembersJoined) this.#completeJoin(group);
  }

  #completeJoin(group: ClassicGroup): void {
    this.#clearJoinTimer(group);
    if (group.state !== 'PreparingRebalance') return;
    // Dynamic members that did not rejoin in time are gone; static ones stay until their session expires.
    for (const m of [...group.members.values()]) {
      if (m.awaitingJoin === null && m.groupInstanceId === null) this.#dropMember(group, m);
    }
    const joined = [...group.members.values()].filter((m) => m.awaitingJoin !== null);
    if (!group.isEmpty && joined.length === 0) {
      // Only static members that have not rejoined remain: wait another round for them or their expiry.
      this.#setJoinTimer(group, group.rebalanceTimeoutMs, () => this.#completeJoin(group));
      return;
    }
    // The leader must be a member that rejoined; otherwise the first one that did leads.
    if (group.leaderId === null || !group.members.get(group.leaderId)?.awaitingJoin) group.leaderId = joined[0]?.memberId ?? null;
    group.generationId++;
    if (group.isEmpty) {
      group.protocolName = null;
      group.transitionTo('Empty', this.#now());
      this.#storeInBackground(group);
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo('CompletingRebalance', this.#now());
    this.#log.info({ group: group.groupId, generation: group.generationId, members: group.members.size, protocol: group.protocolName },
      'group rebalance: join phase complete');
    for (const m of group.members.values()) {
      const answer = m.awaitingJoin;
      m.awaitingJoin = null;
      m.isNew = false;
      if (answer) answer(this.joinAnswer(group, m.memberId));
      this.scheduleSessionExpiry(group, m, m.sessionTimeoutMs);
    }
  }

  joinAnswer(group: ClassicGroup, memberId: string): JoinOutcome {
    const isLeader = group.leaderId === memberId;
    return {
      error: null, memberId, generationId: group.generationId, protocolType: group.protocolType, protocolName: group.protocolName,
      leader: group.leaderId ?? '', skipAssignment: false, members: isLeader ? group.currentMemberMetadata() : [],
    };
  }

  /** The leader's SyncGroup: stores the assignments durably, then answers every member. */
  completeSync(group: ClassicGroup, assignments: Assignments): void {
    const generation = group.generationId;
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    const previous = new Map([...group.members.values()].map((m) => [m, m.assignment]));
    for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
    this.#store.storeGroup(group).then(() => {
      if (group.state !== 'CompletingRebalance' || group.generationId !== generation) return;
      group.transitionTo('Stable', this.#now());
      for (const m of group.members.values()) this.answerSync(group, m, null);
      this.#log.info({ group: group.groupId, generation }, 'group is stable');
    }, (err: unknown) => {
      if (group.state !== 'CompletingRebalance' || group.generationId !== generation) return;
      for (const [m, assignment] of previous) m.assignment = assignment;
      this.#log.warn({ err, group: group.groupId }, 'storing the group assignment failed; rebalancing');
      this.propagateSyncError(group, toKafkaError(err));
      this.prepare(group, 'storing the assignment failed');
    });
  }

  removeMember(group: ClassicGroup, member: GroupMember, reason: string): void {
    this.#dropMember(group, member);
    this.#log.info({ group: group.groupId, member: member.memberId, reason }, 'member removed from group');
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepare(group, reason);
    else this.maybeCompleteJoin(group);
  }

  #dropMember(group: ClassicGroup, member: GroupMember): void {
    const gone = unknownMember(group, member.memberId);
    member.awaitingJoin?.(joinError(member.memberId, gone));
    member.awaitingJoin = null;
    member.awaitingSync?.({ error: gone, protocolType: group.protocolType, protocolName: group.protocolName, assignment: EMPTY });
    member.awaitingSync = null;
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    group.remove(member.memberId);
  }

  propagateSyncError(group: ClassicGroup, error: KafkaError): void {
    for (const m of group.members.values()) {
      m.assignment = EMPTY;
      this.answerSync(group, m, error);
    }
  }

  answerSync(group: ClassicGroup, member: GroupMember, error: KafkaError | null): void {
    const answer = member.awaitingSync;
    member.awaitingSync = null;
    answer?.({ error, protocolType: group.protocolType, protocolName: group.protocolName, assignment: error ? EMPTY : member.assignment });
  }

  heartbeatReceived(group: ClassicGroup, member: GroupMember): void {
    this.scheduleSessionExpiry(group, member, member.sessionTimeoutMs);
  }

  scheduleSessionExpiry(group: ClassicGroup, member: GroupMember, timeoutMs: number): void {
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => this.#onSessionExpired(group, member), timeoutMs);
    member.sessionTimer.unref();
  }

  #onSessionExpired(group: ClassicGroup, member: GroupMember): void {
    member.sessionTimer = null;
    if (group.members.get(member.memberId) !== member) return;
    // A member parked in JoinGroup or SyncGroup is alive: the rebalance timeout bounds that wait.
    if (!member.isNew && (member.awaitingJoin !== null || member.awaitingSync !== null)) {
      this.scheduleSessionExpiry(group, member, member.sessionTimeoutMs);
      return;
    }
    this.removeMember(group, member, `session timeout (${member.sessionTimeoutMs} ms) expired`);
  }

  /** A KIP-394 member id handed out but never brought back: it stops holding up the rebalance. */
  expirePending(group: ClassicGroup, memberId: string): void {
    if (!group.pendingMembers.delete(memberId)) return;
    this.maybeCompleteJoin(group);
  }

  #setJoinTimer(group: ClassicGroup, ms: number, fire: () => void): void {
    this.#clearJoinTimer(group);
    const timer = setTimeout(() => {
      this.#joinTimers.delete(group);
      fire();
    }, Math.max(0, ms));
    timer.unref();
    this.#joinTimers.set(group, timer);
  }

  #clearJoinTimer(group: ClassicGroup): void {
    const timer = this.#joinTimers.get(group);
    if (timer) clearTimeout(timer);
    this.#joinTimers.delete(group);
  }

  #storeInBackground(group: ClassicGroup): void {
    this.#store.storeGroup(group).catch((err: unknown) => this.#log.warn({ err, group: group.groupId }, 'storing the group metadata failed'));
  }

  /** Stops the join timers (the broker is shutting down; group-membership answers parked requests). */
  close(): void {
    for (const timer of this.#joinTimers.values()) clearTimeout(timer);
    this.#joinTimers.clear();
  }
}
