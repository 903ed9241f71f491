// Committed offsets: OffsetCommit (member and simple commits), OffsetFetch, OffsetDelete and the
// offsets.retention.minutes expiry. Invariant: a commit is acknowledged, and becomes visible to
// OffsetFetch, only after its record is durable in __consumer_offsets.
import type { Logger } from 'pino';
import { KafkaError } from '../kafka-error.ts';
import type { LogManager } from '../log/log-manager.ts';
import { decodeConsumerProtocolSubscription } from '../protocol/generated/consumer-protocol-subscription.ts';
import { Reader } from '../protocol/reader.ts';
import { ClassicGroup, offsetKey, parseOffsetKey, type CommittedOffset } from './group-metadata.ts';
import type { GroupMembership } from './group-membership.ts';
import { groupMetadataRecord, offsetCommitRecord, type EncodedRecord } from './offsets-records.ts';
import type { OffsetsTopic } from './offsets-topic.ts';


export type PartitionCommit = { topic: string; partition: number; offset: number; leaderEpoch: number; metadata: string | null };
export type CommitRequest = {
  groupId: string; generationId: number; memberId: string; groupInstanceId: string | null;
  /** OffsetCommit v2-v4 retention_time_ms; -1 means the broker's retention. */
  retentionTimeMs: number;
  partitions: PartitionCommit[];
};
export type PartitionResult = { topic: string; partition: number; error: KafkaError | null };
export type FetchedOffset = { topic: string; partition: number; offset: number; leaderEpoch: number; metadata: string; error: KafkaError | null };

export class OffsetsCommits {
  readonly #groups: Map<string, ClassicGroup>;
  readonly #topic: OffsetsTopic;
  readonly #logs: LogManager;
  readonly #membership: GroupMembership;
  readonly #retentionMs: number;
  readonly #maxMetadataBytes: number;
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(options: { groups: Map<string, ClassicGroup>; topic: OffsetsTopic; logs: LogManager; membership: GroupMembership;
    retentionMs: number; maxMetadataBytes: number; log: Logger; now: () => number }) {
    this.#groups = options.groups;
    this.#topic = options.topic;
    this.#logs = options.logs;
    this.#membership = options.membership;
    this.#retentionMs = options.retentionMs;
    this.#maxMetadataBytes = options.maxMetadataBytes;
    this.#log = options.log;
    this.#now = options.now;
  }

  async commit(req: CommitRequest): Promise<PartitionResult[]> {
    const all = (error: KafkaError) => req.partitions.map((p) => ({ topic: p.topic, partition: p.partition, error }));
    if (req.groupId === '') return all(new KafkaError('INVALID_GROUP_ID', 'The group id must not be empty.'));
    let group = this.#groups.get(req.groupId);
    if (!group) {
      if (req.generationId >= 0) return all(new KafkaError('ILLEGAL_GENERATION', `Group ${req.groupId} does not exist, so generation ${req.generationId} is not current.`));
      // A simple commit: the group only uses the broker to store offsets.
      this.#groups.set(req.groupId, group = new ClassicGroup(req.groupId, this.#now()));
    }
    const groupError = this.#validateCommitter(group, req);
    if (groupError) return all(groupError);
    this.#membership.touch(group, req.memberId);

    const now = this.#now();
    const results: PartitionResult[] = [];
    const accepted: { key: string; value: CommittedOffset; result: PartitionResult }[] = [];
    for (const p of req.partitions) {
      const result: PartitionResult = { topic: p.topic, partition: p.partition, error: this.#validatePartition(p) };
      results.push(result);
      if (result.error) continue;
      accepted.push({ key: offsetKey(p.topic, p.partition), result, value: {
        offset: p.offset, leaderEpoch: p.leaderEpoch, metadata: p.metadata ?? '', commitTimestamp: now,
        expireTimestamp: req.retentionTimeMs >= 0 ? now + req.retentionTimeMs : -1,
      } });
    }
    if (accepted.length === 0) return results;
    const committed = group;
    for (const a of accepted) committed.inFlightCommits.set(a.key, (committed.inFlightCommits.get(a.key) ?? 0) + 1);
    try {
      await this.#topic.append(req.groupId, accepted.map((a) => {
        const { topic, partition } = parseOffsetKey(a.key);
        return offsetCommitRecord(req.groupId, topic, partition, a.value);
      }), now);
      // Appends complete in log order, so the last one to complete holds the newest value.
      for (const a of accepted) committed.offsets.set(a.key, a.value);
    } catch (err) {
      const error = err instanceof KafkaError ? err : new KafkaError('UNKNOWN_SERVER_ERROR', (err as Error).message, { cause: err });
      this.#log.warn({ err, group: req.groupId }, 'offset commit could not be made durable');
      for (const a of accepted) a.result.error = error;
    } finally {
      for (const a of accepted) {
        const n = committed.inFlightCommits.get(a.key)! - 1;
        if (n === 0) committed.inFlightCommits.delete(a.key); else committed.inFlightCommits.set(a.key, n);
      }
    }
    return results;
  }

  /** Kafka's doCommitOffsets checks, in its order. */
  #validateCommitter(group: ClassicGroup, req: CommitRequest): KafkaError | null {
    if (group.state === 'Dead') return new KafkaError('COORDINATOR_NOT_AVAILABLE', `Group ${group.groupId} is being removed; retry.`);
    if (req.generationId < 0 && group.state === 'Empty') return null;
    if (group.isStaticMemberFenced(req.groupInstanceId, req.memberId)) {
      return new KafkaError('FENCED_INSTANCE_ID', `Static member ${req.groupInstanceId} has been replaced by a newer member.`);
    }
    if (!group.members.has(req.memberId)) return new KafkaError('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${group.groupId}.`);
    if (req.generationId !== group.generationId) {
      return new KafkaError('ILLEGAL_GENERATION', `Generation ${req.generationId} is not the group's current generation ${group.generationId}.`);
    }
    if (group.state === 'CompletingRebalance') return new KafkaError('REBALANCE_IN_PROGRESS', `Group ${group.groupId} is completing a rebalance: sync first.`);
    return null;
  }

  #validatePartition(p: PartitionCommit): KafkaError | null {
    const topic = this.#logs.topic(p.topic);
    if (!topic || p.partition < 0 || p.partition >= topic.partitions) {
      return new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic partition ${p.topic}-${p.partition} does not exist.`);
    }
    if (p.metadata !== null && Buffer.byteLength(p.metadata) > this.#maxMetadataBytes) {
      return new KafkaError('OFFSET_METADATA_TOO_LARGE', `Offset metadata exceeds ${this.#maxMetadataBytes} bytes (offset.metadata.max.bytes).`);
    }
    return null;
  }

  /** The committed offsets of the requested partitions (null: all the group has). */
  fetch(groupId: string, partitions: { topic: string; partition: number }[] | null, requireStable: boolean): FetchedOffset[] {
    const group = this.#groups.get(groupId);
    const wanted = partitions ?? [...(group?.offsets.keys() ?? [])].map(parseOffsetKey);
    return wanted.map(({ topic, partition }) => {
      const key = offsetKey(topic, partition);
      if (requireStable && group?.inFlightCommits.has(key)) {
        return { topic, partition, offset: -1, leaderEpoch: -1, metadata: '',
          error: new KafkaError('UNSTABLE_OFFSET_COMMIT', `A commit of ${topic}-${partition} is still being made durable; retry.`) };
      }
      const c = group?.offsets.get(key);
      return c ? { topic, partition, offset: c.offset, leaderEpoch: c.leaderEpoch, metadata: c.metadata, error: null }
        : { topic, partition, offset: -1, leaderEpoch: -1, metadata: '', error: null };
    });
  }

  /** OffsetDelete: throws the group-level error; per-partition errors in the result. */
  async deleteOffsets(groupId: string, partitions: { topic: string; partition: number }[]): Promise<PartitionResult[]> {
    const group = this.#groups.get(groupId);
    if (!group || group.state === 'Dead') throw new KafkaError('GROUP_ID_NOT_FOUND', `Group ${groupId} does not exist.`);
    let isSubscribed = (_topic: string) => false;
    if (group.state !== 'Empty') {
      if (group.protocolType !== 'consumer') {
        throw new KafkaError('NON_EMPTY_GROUP', `Group ${groupId} has members and is not a consumer group: its offsets can only be deleted when it is empty.`);
      }
      isSubscribed = subscriptionTest(group);
    }
    const results = partitions.map(({ topic, partition }): PartitionResult => {
      const info = this.#logs.topic(topic);
      if (!info || partition < 0 || partition >= info.partitions) {
        return { topic, partition, error: new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic partition ${topic}-${partition} does not exist.`) };
      }
      if (isSubscribed(topic)) {
        return { topic, partition, error: new KafkaError('GROUP_SUBSCRIBED_TO_TOPIC', `Group ${groupId} is consuming ${topic}.`) };
      }
      return { topic, partition, error: null };
    });
    const doomed = results.filter((r) => r.error === null && group.offsets.has(offsetKey(r.topic, r.partition)));
    if (doomed.length > 0) {
      await this.#topic.append(groupId, doomed.map((r) => offsetCommitRecord(groupId, r.topic, r.partition, null)), this.#now());
      for (const r of doomed) group.offsets.delete(offsetKey(r.topic, r.partition));
    }
    return results;
  }

  /**
   * offsets.retention.minutes: offsets of an empty group expire that long after it became empty;
   * offsets of a group that only commits (no protocol type) that long after their commit; offsets
   * of topics a consumer group no longer subscribes to, that long after their commit. An empty
   * group left without offsets is removed. Tombstones make the expiry survive a restart.
   */
  async expire(): Promise<number> {
    const now = this.#now();
    let expired = 0;
    for (const group of [...this.#groups.values()]) {
      if (group.state === 'Dead') continue;
      let isSubscribed = (_topic: string) => false;
      if (group.state !== 'Empty') {
        // Members keep their group's offsets alive, except those of topics a consumer group dropped.
        if (group.protocolType !== 'consumer') continue;
        isSubscribed = subscriptionTest(group);
      }
      const keys: string[] = [];
      for (const [key, c] of group.offsets) {
        if (group.inFlightCommits.has(key) || isSubscribed(parseOffsetKey(key).topic)) continue;
        const base = group.state === 'Empty' && group.protocolType !== null ? group.stateTimestamp : c.commitTimestamp;
        const expiresAt = c.expireTimestamp >= 0 ? c.expireTimestamp : base + this.#retentionMs;
        if (expiresAt <= now) keys.push(key);
      }
      const removeGroup = group.state === 'Empty' && group.offsets.size === keys.length && group.inFlightCommits.size === 0;
      if (keys.length === 0 && !removeGroup) continue;
      const records: EncodedRecord[] = keys.map((k) => {
        const { topic, partition } = parseOffsetKey(k);
        return offsetCommitRecord(group.groupId, topic, partition, null);
      });
      if (removeGroup) records.push(groupMetadataRecord(group.groupId, null));
      await this.#topic.append(group.groupId, records, now);
      for (const k of keys) group.offsets.delete(k);
      if (removeGroup && group.state === 'Empty' && group.offsets.size === 0) {
        group.transitionTo('Dead', now);
        this.#groups.delete(group.groupId);
      }
      expired += keys.length;
      this.#log.info({ group: group.groupId, expired: keys.length, removed: removeGroup }, 'expired committed offsets');
    }
    return expired;
  }
}

/**
 * Whether a consumer group's members subscribe to a topic, from their ConsumerProtocolSubscription
 * metadata. When a member's metadata does not parse, every topic counts as subscribed, as in Kafka.
 */
export function subscriptionTest(group: ClassicGroup): (topic: string) => boolean {
  const topics = new Set<string>();
  for (const m of group.members.values()) {
    const metadata = group.protocolName !== null ? m.metadataFor(group.protocolName) : m.protocols[0]?.metadata;
    try {
      const r = new Reader(metadata ?? Buffer.alloc(0));
      for (const t of decodeConsumerProtocolSubscription(r, r.int16()).topics) topics.add(t);
    } catch {
      return () => true;
    }
  }
  return (topic) => topics.has(topic);
}
