// Owns the data directories (log.dirs): their meta.properties, the topic registry and one
// PartitionLog per partition, each in `<logDir>/<topic>-<partition>/`.
import { mkdir, readdir, rename } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { KafkaError } from '../kafka-error.ts';
import type { LogConfig } from './log-config.ts';
import { silentEvents, type LogEvents } from './log-events.ts';
import { PartitionLog, type PartitionLogOptions } from './partition-log.ts';
import { randomKafkaUuid } from './kafka-uuid.ts';
import { readMetaProperties, writeMetaProperties } from './meta-properties.ts';
import { collisionKey, validateTopicName } from './topic-name.ts';
import { readTopics, writePartitionMetadata, writeTopics, type TopicInfo } from './topic-registry.ts';
import { fsyncDir, removeQuietly } from './segment-files.ts';

export type { TopicInfo };

export type LogManagerOptions = {
  logDirs: string[];
  nodeId: number;
  resolveConfig: (overrides: Record<string, string>) => LogConfig;
  logger?: LogEvents;
  /** producer.id.expiration.ms, for every partition's producer state. */
  producerIdExpirationMs?: number;
};

type Topic = { info: TopicInfo; logs: PartitionLog[] };

export class LogManager {
  readonly clusterId: string;
  private readonly options: LogManagerOptions;
  private readonly events: LogEvents;
  private readonly topicsByName = new Map<string, Topic>();
  private readonly partitionsPerDir: Map<string, number>;
  private readonly deletions = new Set<Promise<void>>();
  private lastPersist: Promise<void> = Promise.resolve();

  private constructor(options: LogManagerOptions, clusterId: string) {
    // Absolute dirs, so a partition's log dir is simply the parent of its directory.
    this.options = { ...options, logDirs: options.logDirs.map((d) => resolve(d)) };
    this.clusterId = clusterId;
    this.events = options.logger ?? silentEvents;
    this.partitionsPerDir = new Map(this.options.logDirs.map((d) => [d, 0]));
  }

  static async open(options: LogManagerOptions): Promise<LogManager> {
    if (options.logDirs.length === 0) throw new KafkaError('KAFKA_STORAGE_ERROR', 'log.dirs is empty');
    const manager = new LogManager(options, await ensureMetaProperties(options.logDirs, options.nodeId));
    await manager.load();
    return manager;
  }

  topics(): TopicInfo[] {
    return [...this.topicsByName.values()].map((t) => t.info);
  }

  topic(name: string): TopicInfo | undefined {
    return this.topicsByName.get(name)?.info;
  }

  topicById(topicId: string): TopicInfo | undefined {
    for (const t of this.topicsByName.values()) if (t.info.topicId === topicId) return t.info;
    return undefined;
  }

  partition(topic: string, index: number): PartitionLog | undefined {
    return this.topicsByName.get(topic)?.logs[index];
  }

  /** Every open partition log: what retention and the log cleaner walk. */
  allLogs(): PartitionLog[] {
    return [...this.topicsByName.values()].flatMap((t) => t.logs);
  }

  async createTopic(name: string, partitions: number, overrides: Record<string, string>): Promise<TopicInfo> {
    validateTopicName(name);
    if (this.topicsByName.has(name)) throw new KafkaError('TOPIC_ALREADY_EXISTS', `topic '${name}' already exists`);
    const clash = [...this.topicsByName.keys()].find((other) => collisionKey(other) === collisionKey(name));
    if (clash !== undefined) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `topic '${name}' collides with existing topic '${clash}' ('.' and '_' are equivalent in metric names)`);
    checkPartitionCount(partitions);
    const config = this.options.resolveConfig(overrides);
    const info: TopicInfo = { name, topicId: randomKafkaUuid(), partitions, overrides: { ...overrides } };
    // Reserve the name before awaiting, so concurrent creations of the same topic fail cleanly.
    const topic: Topic = { info, logs: [] };
    this.topicsByName.set(name, topic);
    try {
      await this.persistTopics();
      for (let p = 0; p < partitions; p++) topic.logs.push(await this.createPartition(info, p, config));
    } catch (err) {
      this.topicsByName.delete(name);
      await Promise.allSettled(topic.logs.map((log) => log.delete()));
      await this.persistTopics();
      throw err;
    }
    return info;
  }

  /** Removes a topic; its directories are renamed `<topic>-<p>.<uuid>-delete`, then removed in the background. */
  async deleteTopic(name: string): Promise<void> {
    const topic = this.requireTopic(name);
    this.topicsByName.delete(name);
    await this.persistTopics();
    for (const log of topic.logs) {
      await log.close();
      const doomed = `${log.dir}.${randomUUID().replaceAll('-', '')}-delete`;
      await rename(log.dir, doomed);
      this.adjustCount(log.dir, -1);
      this.removeInBackground(doomed);
    }
  }

  async createPartitions(name: string, total: number): Promise<TopicInfo> {
    const topic = this.requireTopic(name);
    checkPartitionCount(total);
    if (total <= topic.info.partitions) {
      throw new KafkaError('INVALID_PARTITIONS', `topic '${name}' has ${topic.info.partitions} partitions; the new count ${total} must be larger`);
    }
    const config = this.options.resolveConfig(topic.info.overrides);
    const info = { ...topic.info, partitions: total };
    for (let p = topic.info.partitions; p < total; p++) topic.logs.push(await this.createPartition(info, p, config));
    topic.info = info;
    await this.persistTopics();
    return info;
  }

  /** Replaces the topic's overrides and applies the resolved config to every partition. */
  async alterTopicConfig(name: string, overrides: Record<string, string>): Promise<TopicInfo> {
    const topic = this.requireTopic(name);
    const config = this.options.resolveConfig(overrides);
    topic.info = { ...topic.info, overrides: { ...overrides } };
    await this.persistTopics();
    for (const log of topic.logs) log.updateConfig(config);
    return topic.info;
  }

  async close(): Promise<void> {
    for (const topic of this.topicsByName.values()) for (const log of topic.logs) await log.close();
    await Promise.allSettled([...this.deletions]);
  }

  private async load(): Promise<void> {
    const known = new Map<string, string>();
    for (const dir of this.options.logDirs) {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        if (entry.name.endsWith('-delete')) this.removeInBackground(join(dir, entry.name));
        else known.set(entry.name, dir);
      }
    }
    for (const info of await readTopics(this.options.logDirs[0])) {
      const config = this.options.resolveConfig(info.overrides);
      const logs: PartitionLog[] = [];
      for (let p = 0; p < info.partitions; p++) {
        const existing = known.get(`${info.name}-${p}`);
        if (existing === undefined) {
          logs.push(await this.createPartition(info, p, config));
          continue;
        }
        logs.push(await PartitionLog.open(join(existing, `${info.name}-${p}`), config, this.events, this.partitionOptions()));
        this.adjustCount(join(existing, `${info.name}-${p}`), 1);
      }
      this.topicsByName.set(info.name, { info, logs });
    }
  }

  private async createPartition(info: TopicInfo, partition: number, config: LogConfig): Promise<PartitionLog> {
    const dir = this.leastLoadedDir();
    const partitionDir = join(dir, `${info.name}-${partition}`);
    await mkdir(partitionDir, { recursive: true });
    await writePartitionMetadata(partitionDir, info.topicId);
    await fsyncDir(dir);
    const log = await PartitionLog.open(partitionDir, config, this.events, this.partitionOptions());
    this.adjustCount(partitionDir, 1);
    return log;
  }

  private partitionOptions(): PartitionLogOptions {
    return { producerIdExpirationMs: this.options.producerIdExpirationMs };
  }

  private leastLoadedDir(): string {
    let best = this.options.logDirs[0];
    for (const dir of this.options.logDirs) if ((this.partitionsPerDir.get(dir) ?? 0) < (this.partitionsPerDir.get(best) ?? 0)) best = dir;
    return best;
  }

  private adjustCount(partitionDir: string, delta: number): void {
    const dir = dirname(partitionDir);
    this.partitionsPerDir.set(dir, (this.partitionsPerDir.get(dir) ?? 0) + delta);
  }

  private requireTopic(name: string): Topic {
    const topic = this.topicsByName.get(name);
    if (topic === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    return topic;
  }

  /**
   * Writes the topic registry. Writes are serialized (concurrent admin requests would otherwise
   * race on the same temporary file), and each one snapshots the topics when it starts, so it
   * includes every change made before the call.
   */
  private persistTopics(): Promise<void> {
    const write = this.lastPersist.catch(() => undefined).then(() => writeTopics(this.options.logDirs[0], this.topics()));
    this.lastPersist = write;
    return write;
  }

  private removeInBackground(path: string): void {
    const removal = removeQuietly(path)
      .catch((err: unknown) => this.events.warn({ err, path }, 'could not remove deleted topic directory'))
      .finally(() => this.deletions.delete(removal));
    this.deletions.add(removal);
  }
}

function checkPartitionCount(partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new KafkaError('INVALID_PARTITIONS', `partition count ${partitions} must be a positive integer`);
  }
}

/** Reads or writes meta.properties in every dir; all must agree on the cluster and this node. */
async function ensureMetaProperties(logDirs: string[], nodeId: number): Promise<string> {
  let clusterId: string | null = null;
  const missing: string[] = [];
  for (const dir of logDirs) {
    await mkdir(dir, { recursive: true });
    const meta = await readMetaProperties(dir);
    if (meta === null) {
      missing.push(dir);
      continue;
    }
    if (meta.nodeId !== nodeId) throw new KafkaError('KAFKA_STORAGE_ERROR', `${dir} belongs to node ${meta.nodeId}, not node ${nodeId}`);
    if (clusterId !== null && meta.clusterId !== clusterId) {
      throw new KafkaError('KAFKA_STORAGE_ERROR', `${dir} belongs to cluster ${meta.clusterId}, other log dirs to ${clusterId}`);
    }
    clusterId = meta.clusterId;
  }
  clusterId ??= randomKafkaUuid();
  for (const dir of missing) await writeMetaProperties(dir, { version: 1, clusterId, nodeId, directoryId: randomKafkaUuid() });
  return clusterId;
}
