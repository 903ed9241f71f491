// Connector and task statuses and active topics held in memory (Kafka's MemoryStatusBackingStore):
// standalone mode's status store; the distributed herder keeps the same view fed from the status topic.
import type { ConnectorState, ConnectorTaskId } from './herder-entities.ts';

export interface StatusRecord {
  state: ConnectorState;
  trace: string | null;
  workerId: string;
  generation: number;
}

export class StatusStore {
  readonly #connectors = new Map<string, StatusRecord>();
  readonly #tasks = new Map<string, Map<number, StatusRecord>>();
  readonly #topics = new Map<string, Set<string>>();

  putConnector(name: string, status: StatusRecord): void {
    this.#connectors.set(name, status);
  }

  putTask(id: ConnectorTaskId, status: StatusRecord): void {
    const tasks = this.#tasks.get(id.connector) ?? new Map<number, StatusRecord>();
    this.#tasks.set(id.connector, tasks);
    tasks.set(id.task, status);
  }

  connector(name: string): StatusRecord | undefined {
    return this.#connectors.get(name);
  }

  task(id: ConnectorTaskId): StatusRecord | undefined {
    return this.#tasks.get(id.connector)?.get(id.task);
  }

  /** Task statuses of a connector, by task number. */
  tasks(connector: string): Array<[number, StatusRecord]> {
    return [...(this.#tasks.get(connector) ?? new Map<number, StatusRecord>()).entries()].sort((a, b) => a[0] - b[0]);
  }

  removeTask(id: ConnectorTaskId): void {
    this.#tasks.get(id.connector)?.delete(id.task);
  }

  removeConnector(name: string): void {
    this.#connectors.delete(name);
    this.#tasks.delete(name);
    this.#topics.delete(name);
  }

  addTopic(connector: string, topic: string): void {
    const topics = this.#topics.get(connector) ?? new Set<string>();
    this.#topics.set(connector, topics);
    topics.add(topic);
  }

  topics(connector: string): string[] {
    return [...(this.#topics.get(connector) ?? [])];
  }

  resetTopics(connector: string): void {
    this.#topics.delete(connector);
  }
}

/** A trace for the status endpoints: the error's stack (Kafka shows the Java stack trace). */
export function traceOf(error: Error | undefined): string | null {
  if (error === undefined) return null;
  return error.stack ?? `${error.name}: ${error.message}`;
}
