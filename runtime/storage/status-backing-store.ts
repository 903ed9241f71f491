// Connector and task states in the status topic, with Kafka Connect's keys
// (`status-connector-<name>`, `status-task-<name>-<n>`) and values
// (`{"state","trace","worker_id","generation"}`). A worker only overwrites a status written by
// another worker in an older generation, so a slow worker cannot undo a newer owner's state.
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

const TASK_KEY = /^status-task-(.+)-(\d+)$/;

export function statusKey(status: Pick<ConnectStatus, 'connector' | 'task'>): string {
  return status.task === undefined ? `status-connector-${status.connector}` : `status-task-${status.connector}-${status.task}`;
}

export class KafkaStatusBackingStore {
  readonly #log: KafkaBasedLog;
  readonly #statuses = new Map<string, ConnectStatus>();

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

  get(connector: string, task?: number): ConnectStatus | undefined {
    return this.#statuses.get(statusKey({ connector, task }));
  }

  tasks(connector: string): ConnectStatus[] {
    return [...this.#statuses.values()].filter((s) => s.connector === connector && s.task !== undefined)
      .sort((a, b) => a.task! - b.task!);
  }

  #apply(record: ConsumedRecord): void {
    const key = record.key?.toString('utf8') ?? '';
    let id: { connector: string; task?: number } | null = null;
    const task = TASK_KEY.exec(key);
    if (task !== null) id = { connector: task[1], task: Number(task[2]) };
    else if (key.startsWith('status-connector-')) id = { connector: key.slice('status-connector-'.length) };
    if (id === null) return; // e.g. status-topic-… entries, kept by the herder's topic tracking
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
}
