// The classic group membership protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) with
// Kafka's semantics: delayed joins that complete when every member has rejoined or the rebalance
// timeout passes, the initial rebalance delay of a new group, session expiry, generation fencing,
// KIP-394 (member id required), KIP-345 (static membership) and group.max.size. This file answers
// the requests; the rebalance state machine and its timers are in group-rebalance.ts.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { KafkaError } from '../kafka-error.ts';
import { acceptsJoiningMember } from './group-capacity.ts';
import { ClassicGroup, GroupMember, type JoinOutcome, type Protocol, type SyncOutcome } from './group-metadata.ts';
import {
  deadGroup, fencedInstance, inconsistentProtocol, joinError, rebalancing, toKafkaError, unknownMember, validateMember,
} from './group-membership-errors.ts';
import { GroupRebalance, type GroupPersistence } from './group-rebalance.ts';

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

const EMPTY: Buffer = Buffer.alloc(0);

export class GroupMembership {
  readonly #groups: Map<string, ClassicGroup>;
  readonly #settings: MembershipSettings;
  readonly #store: GroupPersistence;
  readonly #now: () => number;
  readonly #rebalance: GroupRebalance;

  constructor(options: { groups: Map<string, ClassicGroup>; settings: MembershipSettings; store: GroupPersistence; log: Logger; now: () => number }) {
    this.#groups = options.groups;
    this.#settings = options.settings;
    this.#store = options.store;
    this.#now = options.now;
    this.#rebalance = new GroupRebalance({ settings: options.settings, store: options.store, log: options.log, now: options.now });
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
      this.#rebalance.maybeCompleteJoin(group);
    }
    const member = group.members.get(memberId);
    if (member) this.#rebalance.removeMember(group, member, `group.max.size ${this.#settings.maxGroupSize} reached`);
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
      const timer = setTimeout(() => this.#rebalance.expirePending(group, newMemberId), req.sessionTimeoutMs);
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
        if (member.matches(req.protocols)) return resolve(this.#rebalance.joinAnswer(group, member.memberId));
        return this.#updateMemberAndRebalance(group, member, req, resolve);
      case 'Stable':
        // The leader rejoining (e.g. its subscription changed) or changed metadata needs a rebalance.
        if (group.leaderId === member.memberId || !member.matches(req.protocols)) {
          return this.#updateMemberAndRebalance(group, member, req, resolve);
        }
        this.#rebalance.heartbeatReceived(group, member);
        return resolve(this.#rebalance.joinAnswer(group, member.memberId));
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
    this.#rebalance.noteNewMember(group);
    this.#rebalance.scheduleSessionExpiry(group, member, member.isNew ? NEW_MEMBER_JOIN_TIMEOUT_MS : member.sessionTimeoutMs);
    this.#rebalance.maybePrepare(group, `member ${memberId} joined`);
    this.#rebalance.maybeCompleteJoin(group);
  }

  #updateMemberAndRebalance(group: ClassicGroup, member: GroupMember, req: JoinRequest, resolve: (o: JoinOutcome) => void): void {
    member.protocols = req.protocols;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    // Kafka drops a superseded join callback; we answer it so its connection is not held forever.
    member.awaitingJoin?.(joinError(member.memberId, new KafkaError('REBALANCE_IN_PROGRESS', 'Superseded by a newer JoinGroup of the same member.')));
    member.awaitingJoin = resolve;
    this.#rebalance.maybePrepare(group, `member ${member.memberId} rejoined`);
    this.#rebalance.maybeCompleteJoin(group);
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
    this.#rebalance.scheduleSessionExpiry(group, member, member.sessionTimeoutMs);
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
    this.#rebalance.maybePrepare(group, `static member ${req.groupInstanceId} rejoined`);
    this.#rebalance.maybeCompleteJoin(group);
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
        this.#rebalance.heartbeatReceived(group, member);
        return answer(null, member.assignment);
      }
      // CompletingRebalance: wait for the leader's assignment.
      member.awaitingSync = resolve;
      this.#rebalance.heartbeatReceived(group, member);
      if (group.leaderId === member.memberId) this.#rebalance.completeSync(group, req.assignments);
    });
  }

  heartbeat(req: MemberIdentity): void {
    const group = this.#groups.get(req.groupId);
    if (!group) throw new KafkaError('UNKNOWN_MEMBER_ID', `Group ${req.groupId} does not exist.`);
    const error = this.#validateGeneration(group, req);
    if (error) throw error;
    const member = group.members.get(req.memberId)!;
    // Heartbeats keep the session alive in every state; during a rebalance they say "rejoin".
    this.#rebalance.heartbeatReceived(group, member);
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
        this.#rebalance.maybeCompleteJoin(group);
        return null;
      }
      const member = group.members.get(id);
      if (!member) return unknownMember(group, memberId);
      this.#rebalance.removeMember(group, member, `member ${id} left the group`);
      return null;
    });
  }

  /** A commit from a member counts as a heartbeat, as in Kafka. */
  touch(group: ClassicGroup, memberId: string): void {
    const member = group.members.get(memberId);
    if (member) this.#rebalance.heartbeatReceived(group, member);
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

  /** Starts the session timers of members loaded from the log: they must heartbeat again or leave. */
  resumeLoaded(group: ClassicGroup): void {
    for (const m of group.members.values()) this.#rebalance.scheduleSessionExpiry(group, m, m.sessionTimeoutMs);
  }

  /** Stops every timer and answers every parked request: the broker is shutting down. */
  close(): void {
    this.#rebalance.close();
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
