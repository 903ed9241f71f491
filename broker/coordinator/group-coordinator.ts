// The group coordinator of the bundled broker (classic protocol): every group is coordinated by
// this node. Owns the in-memory groups, loads them from __consumer_offsets on start, persists
// group metadata, and answers the admin side (ListGroups, DescribeGroups, DeleteGroups). The
// membership protocol lives in group-membership.ts (its rebalance state machine in
// group-rebalance.ts), committed offsets in offsets-commits.ts.
import type { Logger } from 'pino';
import type { BrokerConfig } from '../config/broker-config.ts';
import { KafkaError } from '../kafka-error.ts';
import type { LogManager } from '../log/log-manager.ts';
import { ClassicGroup, GroupMember, offsetKey, parseOffsetKey, type CommittedOffset, type GroupState } from './group-metadata.ts';
import { GroupMembership } from './group-membership.ts';
import { OffsetsCommits } from './offsets-commits.ts';
import { groupMetadataRecord, offsetCommitRecord, type GroupMetadataValue } from './offsets-records.ts';
import { OffsetsTopic } from './offsets-topic.ts';

/** Kafka's offsets.retention.check.interval.ms default. */
const EMPTY: Buffer = Buffer.alloc(0);

export type GroupListing = { groupId: string; protocolType: string; state: GroupState; type: 'classic' };
export type GroupDescription = {
  groupId: string; state: GroupState; protocolType: string; protocolData: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
};

export type CoordinatorSettings = {
  offsetsPartitions: number; retentionMs: number; initialRebalanceDelayMs: number;
  minSessionTimeoutMs: number; maxSessionTimeoutMs: number; maxGroupSize: number; retentionCheckIntervalMs: number; maxMetadataBytes: number;
};

export class GroupCoordinator {
  readonly membership: GroupMembership;
  readonly offsets: OffsetsCommits;
  readonly #groups = new Map<string, ClassicGroup>();
  readonly #topic: OffsetsTopic;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #expiryTimer: ReturnType<typeof setInterval>;

  private constructor(logs: LogManager, settings: CoordinatorSettings, log: Logger, now: () => number) {
    this.#topic = new OffsetsTopic(logs, settings.offsetsPartitions);
    this.#log = log;
    this.#now = now;
    this.membership = new GroupMembership({ groups: this.#groups, settings, store: this, log, now });
    this.offsets = new OffsetsCommits({ groups: this.#groups, topic: this.#topic, logs, membership: this.membership,
      retentionMs: settings.retentionMs, maxMetadataBytes: settings.maxMetadataBytes, log, now });
    this.#expiryTimer = setInterval(() => {
      this.offsets.expire().catch((err: unknown) => log.warn({ err }, 'expiring committed offsets failed'));
    }, settings.retentionCheckIntervalMs);
    this.#expiryTimer.unref();
  }

  /** Opens the coordinator, loading every group from __consumer_offsets before it serves anything. */
  static async open(options: { logs: LogManager; settings: CoordinatorSettings; log: Logger; now?: () => number }): Promise<GroupCoordinator> {
    const coordinator = new GroupCoordinator(options.logs, options.settings, options.log, options.now ?? Date.now);
    try {
      await coordinator.#load();
    } catch (err) {
      coordinator.close();
      throw err;
    }
    return coordinator;
  }

  static settingsFrom(config: BrokerConfig): CoordinatorSettings {
    return {
      offsetsPartitions: config.int('offsets.topic.num.partitions'),
      retentionMs: config.int('offsets.retention.minutes') * 60_000,
      initialRebalanceDelayMs: config.int('group.initial.rebalance.delay.ms'),
      minSessionTimeoutMs: config.int('group.min.session.timeout.ms'),
      maxSessionTimeoutMs: config.int('group.max.session.timeout.ms'),
      maxGroupSize: config.int('group.max.size'),
      retentionCheckIntervalMs: config.int('offsets.retention.check.interval.ms'),
      maxMetadataBytes: config.int('offset.metadata.max.bytes'),
    };
  }

  /** Last value per key wins; tombstones delete. */
  async #load(): Promise<void> {
    const offsets = new Map<string, Map<string, CommittedOffset>>();
    const metadata = new Map<string, GroupMetadataValue | null>();
    for await (const record of this.#topic.readAll()) {
      if (record.kind === 'group') {
        metadata.set(record.group, record.value);
        continue;
      }
      let groupOffsets = offsets.get(record.group);
      if (!groupOffsets) offsets.set(record.group, groupOffsets = new Map());
      const key = offsetKey(record.topic, record.partition);
      if (record.value === null) groupOffsets.delete(key); else groupOffsets.set(key, record.value);
    }
    for (const groupId of new Set([...offsets.keys(), ...metadata.keys()])) {
      const value = metadata.get(groupId) ?? null;
      const groupOffsets = offsets.get(groupId) ?? new Map<string, CommittedOffset>();
      if (value === null && groupOffsets.size === 0) continue;
      const group = value ? this.#restore(groupId, value) : new ClassicGroup(groupId, this.#now());
      for (const [k, v] of groupOffsets) group.offsets.set(k, v);
      this.#groups.set(groupId, group);
      this.membership.resumeLoaded(group);
    }
    if (this.#groups.size > 0) this.#log.info({ groups: this.#groups.size }, 'loaded groups from __consumer_offsets');
  }

  #restore(groupId: string, value: GroupMetadataValue): ClassicGroup {
    const group = new ClassicGroup(groupId, value.currentStateTimestamp >= 0 ? value.currentStateTimestamp : this.#now());
    group.generationId = value.generation;
    group.protocolType = value.protocolType === '' ? null : value.protocolType;
    group.protocolName = value.protocol;
    for (const m of value.members) {
      const member = new GroupMember({
        memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeout >= 0 ? m.rebalanceTimeout : m.sessionTimeout, sessionTimeoutMs: m.sessionTimeout,
        protocols: [{ name: value.protocol ?? '', metadata: m.subscription }],
      });
      member.assignment = m.assignment;
      group.add(member, value.protocolType);
    }
    group.leaderId = value.leader;
    // A group with members resumes Stable, as in Kafka: its members heartbeat on, or expire.
    group.state = group.isEmpty ? 'Empty' : 'Stable';
    return group;
  }

  /** Persists the group's metadata and assignments (durable before the promise resolves). */
  async storeGroup(group: ClassicGroup): Promise<void> {
    const value: GroupMetadataValue = {
      protocolType: group.protocolType ?? '', generation: group.generationId, protocol: group.protocolName,
      leader: group.leaderId, currentStateTimestamp: group.stateTimestamp,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
        rebalanceTimeout: m.rebalanceTimeoutMs, sessionTimeout: m.sessionTimeoutMs,
        subscription: m.metadataFor(group.protocolName), assignment: m.assignment,
      })),
    };
    await this.#topic.append(group.groupId, [groupMetadataRecord(group.groupId, value)], this.#now());
  }

  listGroups(statesFilter: string[], typesFilter: string[]): GroupListing[] {
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(typesFilter.map((t) => t.toLowerCase()));
    return [...this.#groups.values()]
      .filter((g) => g.state !== 'Dead' && (states.size === 0 || states.has(g.state.toLowerCase())) && (types.size === 0 || types.has('classic')))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state, type: 'classic' }));
  }

  describeGroup(groupId: string): GroupDescription {
    const group = this.#groups.get(groupId);
    if (!group) return { groupId, state: 'Dead', protocolType: '', protocolData: '', members: [] };
    // Kafka shows the protocol, metadata and assignments only of a stable group.
    const stable = group.state === 'Stable';
    return {
      groupId, state: group.state, protocolType: group.protocolType ?? '', protocolData: stable ? group.protocolName ?? '' : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(group.protocolName) : EMPTY, assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  /** DeleteGroups: only empty groups; their offsets and metadata get tombstones. */
  async deleteGroup(groupId: string): Promise<void> {
    if (groupId === '') throw new KafkaError('INVALID_GROUP_ID', 'The group id must not be empty.');
    const group = this.#groups.get(groupId);
    if (!group || group.state === 'Dead') throw new KafkaError('GROUP_ID_NOT_FOUND', `Group ${groupId} does not exist.`);
    if (group.state !== 'Empty') throw new KafkaError('NON_EMPTY_GROUP', `Group ${groupId} has members (state ${group.state}).`);
    const records = [...group.offsets.keys()].map((k) => {
      const { topic, partition } = parseOffsetKey(k);
      return offsetCommitRecord(groupId, topic, partition, null);
    });
    records.push(groupMetadataRecord(groupId, null));
    // Dead first, so requests racing with the deletion are told to retry rather than recreate it.
    group.transitionTo('Dead', this.#now());
    try {
      await this.#topic.append(groupId, records, this.#now());
    } catch (err) {
      group.transitionTo('Empty', this.#now());
      throw err;
    }
    this.#groups.delete(groupId);
  }

  /** Stops timers and answers parked joins and syncs; the logs are closed by the broker afterwards. */
  close(): void {
    clearInterval(this.#expiryTimer);
    this.membership.close();
  }
}
