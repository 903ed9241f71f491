// The classic group membership protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) with
// Kafka's semantics: delayed joins that complete when every member has rejoined or the rebalance
// timeout passes, the initial rebalance delay of a new group, session expiry, generation fencing,
// KIP-394 (member id required) and KIP-345 (static membership).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { KafkaError } from '../kafka-error.ts';
import { ClassicGroup, GroupMember, type JoinOutcome, type Protocol, type SyncOutcome } from './group-metadata.ts';

/** Kafka's NewMemberJoinTimeoutMs: how long a member added during a group's first rebalance may take to be answered. */
const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

export type MembershipSettings = {
  initialRebalanceDelayMs: number; minSessionTimeoutMs: number; maxSessionTimeoutMs: number;
  /** group.max.size: joins that would take a group past it get GROUP_MAX_SIZE_REACHED. */
  maxGroupSize: number;
};

export type JoinRequest = {
  groupId: string; memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string;
  sessionTimeoutMs: number; rebalanceTimeoutMs: number; protocolType: string; protocols: Protocol[];
  /** JoinGroup v4+: a dynamic member must first be handed a member id (KIP-394). */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+: a rejoining static leader may be told to skip the assignment (KIP-814). */
  supportsSkipAssignment: boolean;
};

export type SyncRequest = {
  groupId: string; generationId: number; memberId: string; groupInstanceId: string | null;
  protocolType: string | null; protocolName: string | null; assignments: { memberId: string; assignment: Buffer }[];
};

export type MemberIdentity = { groupId: string; memberId: string; groupInstanceId: string | null; generationId: number };

export type GroupPersistence = { storeGroup(group: ClassicGroup): Promise<void> };

const EMPTY: Buffer = Buffer.alloc(0);

export class GroupMembership {
  readonly #groups: Map<string, ClassicGroup>;
  readonly #settings: MembershipSettings;
  readonly #store: GroupPersistence;
  readonly #log: Logger;
  readonly #now: () => number;
  /** The pending delayed join (or initial delay) of each rebalancing group. */
  readonly #joinTimers = new Map<ClassicGroup, ReturnType<typeof setTimeout>>();
  readonly #initialDelay = new Set<ClassicGroup>();

  constructor(options: { groups: Map<string, ClassicGroup>; settings: MembershipSettings; store: GroupPersistence; log: Logger; now: () => number }) {
    this.#groups = options.groups;
    this.#settings = options.settings;
    this.#store = options.store;
    this.#log = options.log;
    this.#now = options.now;
  }

  join(req: JoinRequest): Promise<JoinOutcome> {
    return new Promise((resolve) => {
      const fail = (name: string, message: string) => resolve(joinError(req.memberId, new KafkaError(name, message)));
      if (req.groupId === '') return fail('INVALID_GROUP_ID', 'The group id must not be empty.');
      const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = this.#settings;
      if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max) {
        return fail('INVALID_SESSION_TIMEOUT', `Session timeout ${req.sessionTimeoutMs} ms is outside the broker's range ` +
          `[${min}, ${max}] (group.min.session.timeout.ms, group.max.session.timeout.ms).`);
      }
      let group = this.#groups.get(req.groupId);
      if (req.memberId !== '' && !group) {
        return fail('UNKNOWN_MEMBER_ID', `Group ${req.groupId} does not exist, so it has no member ${req.memberId}.`);
      }
      if (!group) this.#groups.set(req.groupId, group = new ClassicGroup(req.groupId, this.#now()));
      if (!acceptsJoiningMember(group, req.memberId, this.#settings.maxGroupSize)) return this.#rejectOverCapacity(group, req.memberId, resolve);
      if (req.memberId === '') this.#joinUnknownMember(group, req, resolve);
      else this.#joinKnownMember(group, req, resolve);
    });
  }

  /**
   * GROUP_MAX_SIZE_REACHED, as Kafka answers it (with no member id). Like Kafka, the rejected
   * member is removed if the group had it, so it no longer holds up the rebalance; a KIP-394
   * member id handed out earlier is forgotten too.
   */
  #rejectOverCapacity(group: ClassicGroup, memberId: string, resolve: (o: JoinOutcome) => void): void {
    const pending = group.pendingMembers.get(memberId);
    if (pending !== undefined) {
      clearTimeout(pending);
      group.pendingMembers.delete(memberId);
      this.#maybeCompleteJoin(group);
    }
    const member = group.members.get(memberId);
    if (member) this.#removeMember(group, member, `group.max.size ${this.#settings.maxGroupSize} reached`);
    resolve(joinError('', new KafkaError('GROUP_MAX_SIZE_REACHED',
      `Group ${group.groupId} already has the ${this.#settings.maxGroupSize} members group.max.size allows.`)));
  }

  #joinUnknownMember(group: ClassicGroup, req: JoinRequest, resolve: (o: JoinOutcome) => void): void {
    if (group.state === 'Dead') return resolve(joinError('', deadGroup(group)));
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return resolve(joinError('', inconsistentProtocol(group, req.protocolType)));
    const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null) {
      const oldMemberId = group.staticMembers.get(req.groupInstanceId);
      if (oldMemberId !== undefined) return this.#replaceStaticMember(group, req, oldMemberId, newMemberId, resolve);
      return this.#addMemberAndRebalance(group, req, newMemberId, resolve);
    }
    if (req.requireKnownMemberId) {
      // KIP-394: hand out the id and wait for the member to come back with it; until then it
      // holds up the rebalance like a member would, and expires after its session timeout.
      const timer = setTimeout(() => this.#expirePending(group, newMemberId), req.sessionTimeoutMs);
      timer.unref();
      group.pendingMembers.set(newMemberId, timer);
      return resolve(joinError(newMemberId, new KafkaError('MEMBER_ID_REQUIRED',
        'Rejoin with the member id in this response (KIP-394).')));
    }
    this.#addMemberAndRebalance(group, req, newMemberId, resolve);
  }

  #joinKnownMember(group: ClassicGroup, req: JoinRequest, resolve: (o: JoinOutcome) => void): void {
    if (group.state === 'Dead') return resolve(joinError(req.memberId, deadGroup(group)));
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return resolve(joinError(req.memberId, inconsistentProtocol(group, req.protocolType)));
    const pending = group.pendingMembers.get(req.memberId);
    if (pending !== undefined) {
      clearTimeout(pending);
      group.pendingMembers.delete(req.memberId);
      return this.#addMemberAndRebalance(group, req, req.memberId, resolve);
    }
    const error = validateMember(group, req.memberId, req.groupInstanceId);
    if (error) return resolve(joinError(req.memberId, error));
    const member = group.members.get(req.memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        return this.#updateMemberAndRebalance(group, member, req, resolve);
      case 'CompletingRebalance':
        // A duplicate join of the generation being completed: answer it again, unchanged.
        if (member.matches(req.protocols)) return resolve(this.#joinAnswer(group, member.memberId));
        return this.#updateMemberAndRebalance(group, member, req, resolve);
      case 'Stable':
        // The leader rejoining (e.g. its subscription changed) or changed metadata needs a rebalance.
        if (group.leaderId === member.memberId || !member.matches(req.protocols)) {
          return this.#updateMemberAndRebalance(group, member, req, resolve);
        }
        this.#heartbeatReceived(group, member);
        return resolve(this.#joinAnswer(group, member.memberId));
      default:
        return resolve(joinError(req.memberId, unknownMember(group, req.memberId)));
    }
  }

  #addMemberAndRebalance(group: ClassicGroup, req: JoinRequest, memberId: string, resolve: (o: JoinOutcome) => void): void {
    const member = new GroupMember({
      memberId, groupInstanceId: req.groupInstanceId, clientId: req.clientId, clientHost: req.clientHost,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs, sessionTimeoutMs: req.sessionTimeoutMs, protocols: req.protocols,
    });
    member.awaitingJoin = resolve;
    // Members joining a brand-new group get longer than a session to be answered (initial delay).
    if (group.state === 'PreparingRebalance' && group.generationId === 0) member.isNew = true;
    group.add(member, req.protocolType);
    if (this.#initialDelay.has(group)) group.newMemberAdded = true;
    this.#scheduleSessionExpiry(group, member, member.isNew ? NEW_MEMBER_JOIN_TIMEOUT_MS : member.sessionTimeoutMs);
    this.#maybePrepareRebalance(group, `member ${memberId} joined`);
    this.#maybeCompleteJoin(group);
  }

  #updateMemberAndRebalance(group: ClassicGroup, member: GroupMember, req: JoinRequest, resolve: (o: JoinOutcome) => void): void {
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    // Kafka drops a superseded join callback; we answer it so its connection is not held forever.
    member.awaitingJoin?.(joinError(member.memberId, new KafkaError('REBALANCE_IN_PROGRESS', 'Superseded by a newer JoinGroup of the same member.')));
    member.awaitingJoin = resolve;
    this.#maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
    this.#maybeCompleteJoin(group);
  }

  #replaceStaticMember(group: ClassicGroup, req: JoinRequest, oldMemberId: string, newMemberId: string, resolve: (o: JoinOutcome) => void): void {
    const previousLeader = group.leaderId;
    const old = group.members.get(oldMemberId)!;
    const fenced = new KafkaError('FENCED_INSTANCE_ID', `Static member ${req.groupInstanceId} rejoined with a new member id; this one is fenced.`);
    old.awaitingJoin?.(joinError(oldMemberId, fenced));
    old.awaitingJoin = null;
    old.awaitingSync?.({ error: fenced, protocolType: group.protocolType, protocolName: group.protocolName, assignment: EMPTY });
    old.awaitingSync = null;
    const oldProtocols = old.protocols;
    const member = group.replaceStaticMember(req.groupInstanceId!, oldMemberId, newMemberId);
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    this.#scheduleSessionExpiry(group, member, member.sessionTimeoutMs);
    if (group.state === 'Stable' && group.selectProtocol() === group.protocolName) {
      // KIP-345: same protocol → no rebalance; the member takes over its predecessor's assignment.
      this.#store.storeGroup(group).then(() => {
        const isLeader = group.leaderId === newMemberId;
        const skip = isLeader && req.supportsSkipAssignment;
        resolve({
          error: null, memberId: newMemberId, generationId: group.generationId, protocolType: group.protocolType,
          protocolName: group.protocolName, skipAssignment: skip, members: skip ? group.currentMemberMetadata() : [],
          // Older clients get the previous leader id, so they do not think they lead and reassign.
          leader: skip ? newMemberId : previousLeader ?? '',
        });
      }, (err: unknown) => {
        group.replaceStaticMember(req.groupInstanceId!, newMemberId, oldMemberId);
        member.protocols = oldProtocols;
        resolve(joinError(newMemberId, toKafkaError(err)));
      });
      return;
    }
    member.awaitingJoin = resolve;
    this.#maybePrepareRebalance(group, `static member ${req.groupInstanceId} rejoined`);
    this.#maybeCompleteJoin(group);
  }

  sync(req: SyncRequest): Promise<SyncOutcome> {
    return new Promise((resolve) => {
      const group = this.#groups.get(req.groupId);
      const answer = (error: KafkaError | null, assignment = EMPTY) =>
        resolve({ error, protocolType: group?.protocolType ?? null, protocolName: group?.protocolName ?? null, assignment });
      if (!group) return answer(new KafkaError('UNKNOWN_MEMBER_ID', `Group ${req.groupId} does not exist.`));
      const error = this.#validateGeneration(group, req);
      if (error) return answer(error);
      if (req.protocolType !== null && req.protocolType !== group.protocolType) return answer(inconsistentProtocol(group, req.protocolType));
      if (req.protocolName !== null && req.protocolName !== group.protocolName) {
        return answer(new KafkaError('INCONSISTENT_GROUP_PROTOCOL', `Group ${group.groupId} uses protocol ${group.protocolName}, not ${req.protocolName}.`));
      }
      const member = group.members.get(req.memberId)!;
      if (group.state === 'PreparingRebalance') return answer(rebalancing(group));
      if (group.state === 'Stable') {
        this.#heartbeatReceived(group, member);
        return answer(null, member.assignment);
      }
      // CompletingRebalance: wait for the leader's assignment.
      member.awaitingSync = resolve;
      this.#heartbeatReceived(group, member);
      if (group.leaderId === member.memberId) this.#completeSync(group, req.assignments);
    });
  }

  #completeSync(group: ClassicGroup, assignments: SyncRequest['assignments']): void {
    const generation = group.generationId;
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    const previous = new Map([...group.members.values()].map((m) => [m, m.assignment]));
    for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
    this.#store.storeGroup(group).then(() => {
      if (group.state !== 'CompletingRebalance' || group.generationId !== generation) return;
      group.transitionTo('Stable', this.#now());
      for (const m of group.members.values()) this.#answerSync(group, m, null);
      this.#log.info({ group: group.groupId, generation }, 'group is stable');
    }, (err: unknown) => {
      if (group.state !== 'CompletingRebalance' || group.generationId !== generation) return;
      for (const [m, assignment] of previous) m.assignment = assignment;
      this.#log.warn({ err, group: group.groupId }, 'storing the group assignment failed; rebalancing');
      this.#propagateSyncError(group, toKafkaError(err));
      this.#prepareRebalance(group, 'storing the assignment failed');
    });
  }

  heartbeat(req: MemberIdentity): void {
    const group = this.#groups.get(req.groupId);
    if (!group) throw new KafkaError('UNKNOWN_MEMBER_ID', `Group ${req.groupId} does not exist.`);
    const error = this.#validateGeneration(group, req);
    if (error) throw error;
    const member = group.members.get(req.memberId)!;
    // Heartbeats keep the session alive in every state; during a rebalance they say "rejoin".
    this.#heartbeatReceived(group, member);
    if (group.state === 'PreparingRebalance') throw rebalancing(group);
  }

  /** Removes members (LeaveGroup); returns each member's error or null. */
  leave(groupId: string, leaving: { memberId: string; groupInstanceId: string | null }[]): (KafkaError | null)[] {
    const group = this.#groups.get(groupId);
    if (!group) return leaving.map((m) => unknownMember(undefined, m.memberId, groupId));
    if (group.state === 'Dead') throw deadGroup(group);
    return leaving.map(({ memberId, groupInstanceId }) => {
      const id = memberId === '' && groupInstanceId !== null ? group.staticMembers.get(groupInstanceId) ?? '' : memberId;
      if (group.isStaticMemberFenced(groupInstanceId, id)) return fencedInstance(groupInstanceId!);
      const pending = group.pendingMembers.get(id);
      if (pending !== undefined) {
        clearTimeout(pending);
        group.pendingMembers.delete(id);
        this.#maybeCompleteJoin(group);
        return null;
      }
      const member = group.members.get(id);
      if (!member) return unknownMember(group, memberId);
      this.#removeMember(group, member, `member ${id} left the group`);
      return null;
    });
  }

  /** A commit from a member counts as a heartbeat, as in Kafka. */
  touch(group: ClassicGroup, memberId: string): void {
    const member = group.members.get(memberId);
    if (member) this.#heartbeatReceived(group, member);
  }

  /** Kafka's validation shared by SyncGroup, Heartbeat and OffsetCommit of members. */
  #validateGeneration(group: ClassicGroup, req: { memberId: string; groupInstanceId: string | null; generationId: number }): KafkaError | null {
    if (group.state === 'Dead') return deadGroup(group);
    const error = validateMember(group, req.memberId, req.groupInstanceId);
    if (error) return error;
    if (req.generationId !== group.generationId) {
      return new KafkaError('ILLEGAL_GENERATION', `Generation ${req.generationId} is not the group's current generation ${group.generationId}.`);
    }
    if (group.state === 'Empty') return unknownMember(group, req.memberId);
    return null;
  }

  #maybePrepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') this.#prepareRebalance(group, reason);
  }

  #prepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.state === 'CompletingRebalance') this.#propagateSyncError(group, rebalancing(group));
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

  #maybeCompleteJoin(group: ClassicGroup): void {
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
      if (answer) answer(this.#joinAnswer(group, m.memberId));
      this.#scheduleSessionExpiry(group, m, m.sessionTimeoutMs);
    }
  }

  #joinAnswer(group: ClassicGroup, memberId: string): JoinOutcome {
    const isLeader = group.leaderId === memberId;
    return {
      error: null, memberId, generationId: group.generationId, protocolType: group.protocolType, protocolName: group.protocolName,
      leader: group.leaderId ?? '', skipAssignment: false, members: isLeader ? group.currentMemberMetadata() : [],
    };
  }

  #removeMember(group: ClassicGroup, member: GroupMember, reason: string): void {
    this.#dropMember(group, member);
    this.#log.info({ group: group.groupId, member: member.memberId, reason }, 'member removed from group');
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.#prepareRebalance(group, reason);
    else this.#maybeCompleteJoin(group);
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

  #propagateSyncError(group: ClassicGroup, error: KafkaError): void {
    for (const m of group.members.values()) {
      m.assignment = EMPTY;
      this.#answerSync(group, m, error);
    }
  }

  #answerSync(group: ClassicGroup, member: GroupMember, error: KafkaError | null): void {
    const answer = member.awaitingSync;
    member.awaitingSync = null;
    answer?.({ error, protocolType: group.protocolType, protocolName: group.protocolName, assignment: error ? EMPTY : member.assignment });
  }

  #heartbeatReceived(group: ClassicGroup, member: GroupMember): void {
    this.#scheduleSessionExpiry(group, member, member.sessionTimeoutMs);
  }

  #scheduleSessionExpiry(group: ClassicGroup, member: GroupMember, timeoutMs: number): void {
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => this.#onSessionExpired(group, member), timeoutMs);
    member.sessionTimer.unref();
  }

  #onSessionExpired(group: ClassicGroup, member: GroupMember): void {
    member.sessionTimer = null;
    if (group.members.get(member.memberId) !== member) return;
    // A member parked in JoinGroup or SyncGroup is alive: the rebalance timeout bounds that wait.
    if (!member.isNew && (member.awaitingJoin !== null || member.awaitingSync !== null)) {
      this.#scheduleSessionExpiry(group, member, member.sessionTimeoutMs);
      return;
    }
    this.#removeMember(group, member, `session timeout (${member.sessionTimeoutMs} ms) expired`);
  }

  #expirePending(group: ClassicGroup, memberId: string): void {
    if (!group.pendingMembers.delete(memberId)) return;
    this.#maybeCompleteJoin(group);
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

  /** Starts the session timers of members loaded from the log: they must heartbeat again or leave. */
  resumeLoaded(group: ClassicGroup): void {
    for (const m of group.members.values()) this.#scheduleSessionExpiry(group, m, m.sessionTimeoutMs);
  }

  /** Stops every timer and answers every parked request: the broker is shutting down. */
  close(): void {
    for (const timer of this.#joinTimers.values()) clearTimeout(timer);
    this.#joinTimers.clear();
    const gone = new KafkaError('NOT_COORDINATOR', 'The broker is shutting down.');
    for (const group of this.#groups.values()) {
      for (const timer of group.pendingMembers.values()) clearTimeout(timer);
      for (const m of group.members.values()) {
        if (m.sessionTimer) clearTimeout(m.sessionTimer);
        m.awaitingJoin?.(joinError(m.memberId, gone));
        m.awaitingJoin = null;
        m.awaitingSync?.({ error: gone, protocolType: null, protocolName: null, assignment: EMPTY });
        m.awaitingSync = null;
      }
    }
  }
}

/**
 * Kafka's acceptJoiningMember. An empty group takes anyone. While preparing a rebalance, a member
 * already rejoined is accepted, others while fewer than maxSize have rejoined (the group itself
 * may be larger if group.max.size was lowered; counting rejoins keeps the first ones in). Once
 * the join phase is over, known members are accepted, new ones while the group is below maxSize.
 */
function acceptsJoiningMember(group: ClassicGroup, memberId: string, maxSize: number): boolean {
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance':
      return (group.members.get(memberId)?.awaitingJoin ?? null) !== null || group.awaitingJoinCount < maxSize;
    case 'CompletingRebalance':
    case 'Stable':
      return group.members.has(memberId) || group.members.size < maxSize;
  }
}

function validateMember(group: ClassicGroup, memberId: string, groupInstanceId: string | null): KafkaError | null {
  if (group.isStaticMemberFenced(groupInstanceId, memberId)) return fencedInstance(groupInstanceId!);
  if (!group.members.has(memberId)) return unknownMember(group, memberId);
  return null;
}

function joinError(memberId: string, error: KafkaError): JoinOutcome {
  return { error, memberId, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, members: [] };
}

function unknownMember(group: ClassicGroup | undefined, memberId: string, groupId = group?.groupId): KafkaError {
  return new KafkaError('UNKNOWN_MEMBER_ID', `Member ${memberId} is not a member of group ${groupId}.`);
}

function fencedInstance(instanceId: string): KafkaError {
  return new KafkaError('FENCED_INSTANCE_ID', `Static member ${instanceId} has been replaced by a newer member with the same group.instance.id.`);
}

function rebalancing(group: ClassicGroup): KafkaError {
  return new KafkaError('REBALANCE_IN_PROGRESS', `Group ${group.groupId} is rebalancing: rejoin it.`);
}

function deadGroup(group: ClassicGroup): KafkaError {
  return new KafkaError('COORDINATOR_NOT_AVAILABLE', `Group ${group.groupId} is being removed; retry.`);
}

function inconsistentProtocol(group: ClassicGroup, protocolType: string): KafkaError {
  return new KafkaError('INCONSISTENT_GROUP_PROTOCOL', group.isEmpty
    ? 'The first member of a group needs a protocol type and at least one protocol.'
    : `Group ${group.groupId} has protocol type ${group.protocolType} and no protocol in common with this member (protocol type ${protocolType}).`);
}

export function toKafkaError(err: unknown): KafkaError {
  return err instanceof KafkaError ? err : new KafkaError('UNKNOWN_SERVER_ERROR', (err as Error).message, { cause: err });
}
