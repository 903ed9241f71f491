// A set of connectors and a set of task ids, kept in insertion order (the assignor's results
// depend on iteration order the way Kafka's LinkedHashSets make them deterministic).
import type { ConnectorTaskId } from '../herder/herder-entities.ts';

export function taskKey(id: ConnectorTaskId): string {
  return `${id.connector}\u0000${id.task}`;
}

export function compareTasks(a: ConnectorTaskId, b: ConnectorTaskId): number {
  return a.connector < b.connector ? -1 : a.connector > b.connector ? 1 : a.task - b.task;
}

export class ConnectorsAndTasks {
  readonly connectors = new Set<string>();
  readonly #tasks = new Map<string, ConnectorTaskId>();

  static of(connectors: Iterable<string> = [], tasks: Iterable<ConnectorTaskId> = []): ConnectorsAndTasks {
    const out = new ConnectorsAndTasks();
    for (const c of connectors) out.connectors.add(c);
    for (const t of tasks) out.addTask(t);
    return out;
  }

  get tasks(): ConnectorTaskId[] {
    return [...this.#tasks.values()];
  }

  get size(): number {
    return this.connectors.size + this.#tasks.size;
  }

  isEmpty(): boolean {
    return this.size === 0;
  }

  addTask(id: ConnectorTaskId): void {
    this.#tasks.set(taskKey(id), { connector: id.connector, task: id.task });
  }

  hasTask(id: ConnectorTaskId): boolean {
    return this.#tasks.has(taskKey(id));
  }

  removeTask(id: ConnectorTaskId): void {
    this.#tasks.delete(taskKey(id));
  }

  addAll(other: ConnectorsAndTasks): this {
    for (const c of other.connectors) this.connectors.add(c);
    for (const t of other.tasks) this.addTask(t);
    return this;
  }

  removeAll(other: ConnectorsAndTasks): this {
    for (const c of other.connectors) this.connectors.delete(c);
    for (const t of other.tasks) this.removeTask(t);
    return this;
  }

  /** What is in this set and in none of `others`. */
  minus(...others: ConnectorsAndTasks[]): ConnectorsAndTasks {
    const out = ConnectorsAndTasks.of(this.connectors, this.tasks);
    for (const o of others) out.removeAll(o);
    return out;
  }

  intersect(other: ConnectorsAndTasks): ConnectorsAndTasks {
    return ConnectorsAndTasks.of([...this.connectors].filter((c) => other.connectors.has(c)), this.tasks.filter((t) => other.hasTask(t)));
  }

  copy(): ConnectorsAndTasks {
    return ConnectorsAndTasks.of(this.connectors, this.tasks);
  }

  toString(): string {
    return `{connectors: [${[...this.connectors].join(', ')}], tasks: [${this.tasks.map((t) => `${t.connector}-${t.task}`).join(', ')}]}`;
  }
}
