// One classic-protocol group as the coordinator holds it in memory: its state machine, members,
// static-member index and committed offsets. No I/O and no timers here: the membership protocol
// (group-membership.ts) drives the transitions, the store makes them durable.
import type { KafkaError } from '../kafka-error.ts';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';
export const GROUP_STATES: readonly GroupState[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

export type Protocol = { name: string; metadata: Buffer };

export type JoinOutcome = {
  error: KafkaError | null;
  memberId: string;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
};

export type SyncOutcome = { error: KafkaError | null; protocolType: string | null; protocolName: string | null; assignment: Buffer };

export type CommittedOffset = {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** Only set by OffsetCommit v2-v4 with an explicit retention time; -1 otherwise. */
  expireTimestamp: number;
};

const EMPTY: Buffer = Buffer.alloc(0);

export class GroupMember {
  memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: Protocol[];
  assignment: Buffer = EMPTY;
  awaitingJoin: ((outcome: JoinOutcome) => void) | null = null;
  awaitingSync: ((outcome: SyncOutcome) => void) | null = null;
  /** Joined during the group's first rebalance and not yet answered: Kafka's `isNew`. */
  isNew = false;
  sessionTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(fields: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string;
    rebalanceTimeoutMs: number; sessionTimeoutMs: number; protocols: Protocol[] }) {
    this.memberId = fields.memberId;
    this.groupInstanceId = fields.groupInstanceId;
    this.clientId = fields.clientId;
    this.clientHost = fields.clientHost;
    this.rebalanceTimeoutMs = fields.rebalanceTimeoutMs;
    this.sessionTimeoutMs = fields.sessionTimeoutMs;
    this.protocols = fields.protocols;
  }

  metadataFor(protocolName: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY;
  }

  /** Same protocols, same order, same metadata bytes: a rejoin that changes nothing. */
  matches(protocols: Protocol[]): boolean {
    return protocols.length === this.protocols.length
      && protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata));
  }
}

export class ClassicGroup {
  readonly groupId: string;
  state: GroupState = 'Empty';
  stateTimestamp: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** Insertion-ordered: the first member becomes leader when the leader leaves, as in Kafka. */
  readonly members = new Map<string, GroupMember>();
  /** KIP-394: member ids handed out with MEMBER_ID_REQUIRED, expiring after a session timeout. */
  readonly pendingMembers = new Map<string, ReturnType<typeof setTimeout>>();
  /** group.instance.id → current member id (KIP-345). */
  readonly staticMembers = new Map<string, string>();
  /** Set when a member joins during the initial rebalance delay, which then extends it. */
  newMemberAdded = false;
  readonly offsets = new Map<string, CommittedOffset>();
  /** Offsets appended to the log but not yet durable: OffsetFetch with requireStable waits for them. */
  readonly inFlightCommits = new Map<string, number>();

  constructor(groupId: string, now: number) {
    this.groupId = groupId;
    this.stateTimestamp = now;
  }

  transitionTo(state: GroupState, now: number): void {
    this.state = state;
    this.stateTimestamp = now;
  }

  get isEmpty(): boolean {
    return this.members.size === 0;
  }

  add(member: GroupMember, protocolType: string): void {
    if (this.members.size === 0) this.protocolType = protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (!member) return;
    this.members.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  /** KIP-345: a rejoining static member takes a new member id but keeps its place and assignment. */
  replaceStaticMember(instanceId: string, oldMemberId: string, newMemberId: string): GroupMember {
    const member = this.members.get(oldMemberId);
    if (!member) throw new Error(`static member ${instanceId} has no member ${oldMemberId}`);
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    this.staticMembers.set(instanceId, newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    return member;
  }

  /** Kafka's isStaticMemberFenced: a known instance id presented with another member id. */
  isStaticMemberFenced(instanceId: string | null, memberId: string): boolean {
    if (instanceId === null) return false;
    const current = this.staticMembers.get(instanceId);
    return current !== undefined && current !== memberId;
  }

  /** Whether a member with this protocol type and these protocols may join. */
  supportsProtocols(protocolType: string, protocols: Protocol[]): boolean {
    if (this.isEmpty) return protocolType !== '' && protocols.length > 0;
    return protocolType === this.protocolType && protocols.some((p) => this.#supportedByAll(p.name));
  }

  /** The protocol every member supports that gets the most votes (each member votes its first supported choice). */
  selectProtocol(): string {
    const members = [...this.members.values()];
    const candidates = members[0].protocols.map((p) => p.name).filter((name) => this.#supportedByAll(name));
    if (candidates.length === 0) throw new Error(`no protocol is supported by every member of group ${this.groupId}`);
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const m of members) {
      const choice = m.protocols.find((p) => votes.has(p.name))!.name;
      votes.set(choice, votes.get(choice)! + 1);
    }
    // Ties go to the earlier candidate in the first member's preference order (Map keeps it).
    let best = candidates[0];
    for (const [name, count] of votes) if (count > votes.get(best)!) best = name;
    return best;
  }

  #supportedByAll(name: string): boolean {
    for (const m of this.members.values()) if (!m.protocols.some((p) => p.name === name)) return false;
    return true;
  }

  /** Every member has rejoined and no KIP-394 member id is still expected back. */
  get allMembersJoined(): boolean {
    for (const m of this.members.values()) if (m.awaitingJoin === null) return false;
    return this.pendingMembers.size === 0;
  }

  /** Members whose JoinGroup is parked until the join phase completes. */
  get awaitingJoinCount(): number {
    let count = 0;
    for (const m of this.members.values()) if (m.awaitingJoin !== null) count++;
    return count;
  }

  /** The longest rebalance timeout of the members: how long a rebalance waits for rejoins. */
  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  /** The joined members' metadata for the selected protocol, as the leader receives them. */
  currentMemberMetadata(): JoinOutcome['members'] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(this.protocolName),
    }));
  }
}

export function offsetKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function parseOffsetKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
