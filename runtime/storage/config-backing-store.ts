// Connector configs, task configs, target states, the session key and cluster-wide log levels in
// the config topic, with Kafka Connect's keys and values. Task configs become current only when the
// `commit-<name>` record that counts them is read (so a worker never runs half of a new task set).
import type { Logger } from 'pino';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import type { ConsumedRecord } from '../kafka/partition-fetcher.ts';
import { asObject, decodeInternal, encodeInternal } from './internal-json.ts';
import { KafkaBasedLog, type LogTopic } from './kafka-based-log.ts';

export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';
export interface SessionKey { readonly key: string; readonly algorithm: string; readonly creationTimestamp: number }
type Props = Record<string, string>;

/** What the herder is told as the topic is read (by this worker's writes or anyone else's). */
export interface ConfigUpdateListener {
  onConnectorConfigUpdate?(connector: string): void;
  onConnectorConfigRemove?(connector: string): void;
  onTaskConfigUpdate?(connector: string, taskCount: number): void;
  onTargetStateChange?(connector: string, state: TargetState): void;
  onSessionKeyUpdate?(key: SessionKey): void;
  /** A `logger-cluster-<namespace>` record written after this store started (KIP-976). */
  onLoggingLevelUpdate?(namespace: string, level: string): void;
}

/** An immutable view of the config topic up to `offset`. */
export interface ConfigSnapshot {
  readonly offset: number;
  readonly connectors: ReadonlyMap<string, Props>;
  readonly targetStates: ReadonlyMap<string, TargetState>;
  /** Committed task configs only, index = task number. */
  readonly tasks: ReadonlyMap<string, readonly Props[]>;
  readonly sessionKey: SessionKey | null;
}

const TASK_KEY = /^task-(.+)-(\d+)$/;
const LOGGER_CLUSTER_PREFIX = 'logger-cluster-';

function stringProps(value: unknown): Props {
  const props = asObject(asObject(value, 'config value').properties, 'properties');
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)]));
}

export class KafkaConfigBackingStore {
  readonly #log: KafkaBasedLog;
  readonly #listener: ConfigUpdateListener;
  #offset = -1;
  readonly #connectors = new Map<string, Props>();
  readonly #targetStates = new Map<string, TargetState>();
  readonly #tasks = new Map<string, Props[]>();
  /** Task configs read but not yet committed, per connector. */
  readonly #deferred = new Map<string, Map<number, Props>>();
  #sessionKey: SessionKey | null = null;
  /** Set once the topic was read to its end at start: log levels read before that are history. */
  #started = false;

  constructor(clients: KafkaClients, topicName: string, replicationFactor: number, clientId: string, listener: ConfigUpdateListener = {}, logger?: Logger) {
    // The config topic must have exactly one partition: its total order is the source of truth.
    const topic: LogTopic = { name: topicName, partitions: 1, replicationFactor };
    this.#log = new KafkaBasedLog({ topic, clients, clientId, logger, onRecord: (r) => this.#apply(r) });
    this.#listener = listener;
  }

  async start(): Promise<void> {
    await this.#log.start();
    this.#started = true;
  }

  stop(): Promise<void> { return this.#log.stop(); }
  refresh(): Promise<void> { return this.#log.readToEnd(); }

  snapshot(): ConfigSnapshot {
    return {
      offset: this.#offset,
      connectors: new Map([...this.#connectors].map(([k, v]) => [k, { ...v }])),
      targetStates: new Map(this.#targetStates),
      tasks: new Map([...this.#tasks].map(([k, v]) => [k, v.map((p) => ({ ...p }))])),
      sessionKey: this.#sessionKey,
    };
  }

  /** Writes the target state first when given (Kafka does, so a new connector starts in it). */
  async putConnectorConfig(connector: string, props: Props, targetState?: TargetState): Promise<void> {
    if (targetState !== undefined) await this.putTargetState(connector, targetState);
    await this.#write(`connector-${connector}`, { properties: props });
  }

  async removeConnectorConfig(connector: string): Promise<void> {
    await this.#write(`connector-${connector}`, null);
    await this.#write(`target-state-${connector}`, null);
  }

  async putTaskConfigs(connector: string, configs: readonly Props[]): Promise<void> {
    for (const [i, props] of configs.entries()) await this.#write(`task-${connector}-${i}`, { properties: props });
    await this.#write(`commit-${connector}`, { tasks: configs.length });
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    // `state` is what pre-3.5 workers read (they know no STOPPED); `state.v2` is the real one.
    await this.#write(`target-state-${connector}`, { state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
  }

  async putSessionKey(key: SessionKey): Promise<void> {
    await this.#write('session-key', { key: key.key, algorithm: key.algorithm, 'creation-timestamp': BigInt(key.creationTimestamp) });
  }

  /** Kafka's value is `{"level": …}` only; every worker, the writer included, applies it when it reads it. */
  async putLoggerLevel(namespace: string, level: string): Promise<void> {
    await this.#write(`${LOGGER_CLUSTER_PREFIX}${namespace}`, { level });
  }

  async #write(key: string, value: unknown): Promise<void> {
    await this.#log.send(Buffer.from(key), value === null ? null : encodeInternal(value), 0);
    await this.#log.readToEnd();
  }

  #apply(record: ConsumedRecord): void {
    this.#offset = record.offset;
    const key = record.key?.toString('utf8') ?? '';
    const value = decodeInternal(record.value);
    if (key.startsWith('connector-')) {
      const name = key.slice('connector-'.length);
      if (value === null) {
        this.#connectors.delete(name);
        this.#tasks.delete(name);
        this.#deferred.delete(name);
        this.#listener.onConnectorConfigRemove?.(name);
      } else {
        this.#connectors.set(name, stringProps(value));
        this.#listener.onConnectorConfigUpdate?.(name);
      }
    } else if (key.startsWith('target-state-')) {
      const name = key.slice('target-state-'.length);
      if (value === null) { this.#targetStates.delete(name); return; }
      const v = asObject(value, 'target state');
      const state = String(v['state.v2'] ?? v.state) as TargetState;
      this.#targetStates.set(name, state);
      this.#listener.onTargetStateChange?.(name, state);
    } else if (key.startsWith('commit-')) {
      this.#commitTasks(key.slice('commit-'.length), Number(asObject(value, 'commit').tasks));
    } else if (key === 'session-key') {
      if (value === null) return;
      const v = asObject(value, 'session key');
      this.#sessionKey = { key: String(v.key), algorithm: String(v.algorithm), creationTimestamp: Number(v['creation-timestamp']) };
      this.#listener.onSessionKeyUpdate?.(this.#sessionKey);
    } else if (key.startsWith(LOGGER_CLUSTER_PREFIX)) {
      // Kafka's semantics: dynamic levels are not persisted state. A worker that starts later (or
      // restarts) keeps its configured levels and ignores the levels written before it started.
      if (!this.#started || value === null) return;
      const level = asObject(value, 'logger level').level;
      if (typeof level === 'string') this.#listener.onLoggingLevelUpdate?.(key.slice(LOGGER_CLUSTER_PREFIX.length), level);
    } else {
      const task = TASK_KEY.exec(key);
      if (task === null || value === null) return;
      const deferred = this.#deferred.get(task[1]) ?? new Map<number, Props>();
      deferred.set(Number(task[2]), stringProps(value));
      this.#deferred.set(task[1], deferred);
    }
  }

  #commitTasks(connector: string, count: number): void {
    const deferred = this.#deferred.get(connector) ?? new Map<number, Props>();
    const previous = this.#tasks.get(connector) ?? [];
    const next: Props[] = [];
    for (let i = 0; i < count; i++) {
      // A task config written in an earlier round and unchanged since is still valid.
      const props = deferred.get(i) ?? previous[i];
      if (props === undefined) return; // incomplete set: ignore this commit, as Kafka does
      next.push(props);
    }
    this.#deferred.delete(connector);
    this.#tasks.set(connector, next);
    this.#listener.onTaskConfigUpdate?.(connector, count);
  }
}
