// Connector and task states in the status topic, with Kafka Connect's keys
// (`status-connector-<name>`, `status-task-<name>-<n>`) and values
// (`{"state","trace","worker_id","generation"}`). A worker only overwrites a status written by
// another worker in an older generation, so a slow worker cannot undo a newer owner's state.
// The topics a connector's tasks used (KIP-558) live here too, one record per topic and connector:
// `status-topic-<topic>:connector-<name>` → `{"topic":{"name","connector","task","discoverTimestamp"}}`,
// a tombstone when reset; every worker reads them, so GET …/topics answers alike cluster-wide.
import type { Logger } from 'pino';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import { asObject, decodeInternal, encodeInternal } from './internal-json.ts';
import { KafkaBasedLog, type LogTopic } from './kafka-based-log.ts';

export type ConnectState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING' | 'DESTROYED';

export interface ConnectStatus {
  readonly connector: string;
  /** undefined for the connector itself. */
  readonly task?: number;
  readonly state: ConnectState;
  readonly trace: string | null;
  readonly workerId: string;
  readonly generation: number;
}

/** One topic a connector's task produced to (source) or consumed from (sink), as Kafka's TopicStatus. */
export interface TopicStatus {
  readonly topic: string;
  readonly connector: string;
  /** The task that used it first. */
  readonly task: number;
  /** When it was first used, epoch ms. */
  readonly discoverTimestamp: number;
}

const TASK_KEY = /^status-task-(.+)-(\d+)$/;
const TOPIC_PREFIX = 'status-topic-';
const TOPIC_SEPARATOR = ':connector-';

export function statusKey(status: Pick<ConnectStatus, 'connector' | 'task'>): string {
  return status.task === undefined ? `status-connector-${status.connector}` : `status-task-${status.connector}-${status.task}`;
}

/** Kafka's key of a topic record (a topic name cannot contain ':', so the first one separates). */
export function topicStatusKey(topic: string, connector: string): string {
  return `${TOPIC_PREFIX}${topic}${TOPIC_SEPARATOR}${connector}`;
}

export class KafkaStatusBackingStore {
  readonly #log: KafkaBasedLog;
  readonly #statuses = new Map<string, ConnectStatus>();
  /** connector → topic → record, as read back from the topic. */
  readonly #topics = new Map<string, Map<string, TopicStatus>>();
  /** Topic records written and not read back yet: a busy task must not write the same record per record it sends. */
  readonly #topicWrites = new Set<string>();

  constructor(clients: KafkaClients, topic: LogTopic, clientId: string, logger?: Logger) {
    this.#log = new KafkaBasedLog({ topic, clients, clientId, logger, onRecord: (r) => this.#apply(r) });
  }

  start(): Promise<void> { return this.#log.start(); }
  stop(): Promise<void> { return this.#log.stop(); }
  refresh(): Promise<void> { return this.#log.readToEnd(); }

  /** Writes unconditionally and waits for the ack. */
  async put(status: ConnectStatus): Promise<void> {
    await this.#log.send(Buffer.from(statusKey(status)), encodeInternal({
      state: status.state, trace: status.trace, worker_id: status.workerId, generation: status.generation,
    }));
  }

  /** Writes unless another worker owns the entry in a newer generation (Kafka's putSafe). */
  async putSafe(status: ConnectStatus): Promise<boolean> {
    const current = this.#statuses.get(statusKey(status));
    if (current !== undefined && current.workerId !== status.workerId && current.generation > status.generation) return false;
    await this.put(status);
    return true;
  }

  /** Tombstones the connector's status and its tasks' (the connector was deleted). */
  async remove(connector: string, taskCount: number): Promise<void> {
    const keys = [statusKey({ connector }), ...Array.from({ length: taskCount }, (_, task) => statusKey({ connector, task }))];
    await Promise.all(keys.map((k) => this.#log.send(Buffer.from(k), null)));
  }

  /**
   * Writes the topic record unless it is known (read back or being written), as Kafka's
   * WorkerTask.recordActiveTopic: called for every record, it writes once per topic until a reset.
   */
  recordActiveTopic(status: TopicStatus): Promise<void> | null {
    if (this.isActiveTopic(status.connector, status.topic)) return null;
    const key = topicStatusKey(status.topic, status.connector);
    this.#topicWrites.add(key);
    const value = { topic: { name: status.topic, connector: status.connector, task: status.task, discoverTimestamp: status.discoverTimestamp } };
    return this.#log.send(Buffer.from(key), encodeInternal(value)).then(() => undefined)
      .finally(() => this.#topicWrites.delete(key));
  }

  /** Whether the topic is recorded for the connector, or its record is being written. */
  isActiveTopic(connector: string, topic: string): boolean {
    return this.#topics.get(connector)?.has(topic) === true || (this.#topicWrites.size > 0 && this.#topicWrites.has(topicStatusKey(topic, connector)));
  }

  /** The topics recorded for the connector, by name. */
  activeTopics(connector: string): TopicStatus[] {
    return [...(this.#topics.get(connector)?.values() ?? [])].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  }

  /** Tombstones every topic record of the connector this worker has read (Kafka's resetConnectorActiveTopics). */
  async resetActiveTopics(connector: string): Promise<void> {
    await Promise.all(this.activeTopics(connector).map((t) => this.#log.send(Buffer.from(topicStatusKey(t.topic, connector)), null)));
  }

  get(connector: string, task?: number): ConnectStatus | undefined {
    return this.#statuses.get(statusKey({ connector, task }));
  }

  tasks(connector: string): ConnectStatus[] {
    return [...this.#statuses.values()].filter((s) => s.connector === connector && s.task !== undefined)
      .sort((a, b) => a.task! - b.task!);
  }

  #apply(record: ConsumedRecord): void {
    const key = record.key?.toString('utf8') ?? '';
    if (key.startsWith(TOPIC_PREFIX)) {
      this.#applyTopic(key, record.value);
      return;
    }
    let id: { connector: string; task?: number } | null = null;
    const task = TASK_KEY.exec(key);
    if (task !== null) id = { connector: task[1], task: Number(task[2]) };
    else if (key.startsWith('status-connector-')) id = { connector: key.slice('status-connector-'.length) };
    if (id === null) return; // a key Kafka would also discard
    if (record.value === null) {
      this.#statuses.delete(key);
      return;
    }
    const v = asObject(decodeInternal(record.value), 'status');
    this.#statuses.set(key, {
      ...id,
      state: String(v.state) as ConnectState,
      trace: v.trace === null || v.trace === undefined ? null : String(v.trace),
      workerId: String(v.worker_id),
      generation: Number(v.generation),
    });
  }

  #applyTopic(key: string, value: Buffer | null): void {
    const separator = key.indexOf(':');
    if (separator <= TOPIC_PREFIX.length || !key.startsWith(TOPIC_SEPARATOR, separator)) return;
    const topic = key.slice(TOPIC_PREFIX.length, separator);
    const connector = key.slice(separator + TOPIC_SEPARATOR.length);
    if (connector === '') return;
    if (value === null) {
      const topics = this.#topics.get(connector);
      topics?.delete(topic);
      if (topics?.size === 0) this.#topics.delete(connector);
      return;
    }
    const v = asObject(asObject(decodeInternal(value), 'topic status').topic, 'topic status field "topic"');
    const topics = this.#topics.get(connector) ?? new Map<string, TopicStatus>();
    this.#topics.set(connector, topics);
    topics.set(topic, { topic: String(v.name), connector: String(v.connector), task: Number(v.task), discoverTimestamp: Number(v.discoverTimestamp) });
  }
}
