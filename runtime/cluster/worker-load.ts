// One worker's next assignment while the leader computes it, and the two placement rules of
// Kafka's IncrementalCooperativeAssignor: new work goes to the least loaded workers first, and a
// worker above its fair share gives back (is revoked) what is over it.
import type { ConnectorTaskId } from '../herder/herder-entities.ts';
import { taskKey } from './connectors-and-tasks.ts';

export class WorkerLoad {
  readonly worker: string;
  connectors: string[];
  tasks: ConnectorTaskId[];

  constructor(worker: string, connectors: Iterable<string> = [], tasks: Iterable<ConnectorTaskId> = []) {
    this.worker = worker;
    this.connectors = [...connectors];
    this.tasks = [...tasks];
  }
}

function byLoadThenName(size: (w: WorkerLoad) => number) {
  return (a: WorkerLoad, b: WorkerLoad) => size(a) - size(b) || (a.worker < b.worker ? -1 : a.worker > b.worker ? 1 : 0);
}

/**
 * Hands `items` out over the workers: the least loaded ones (ties by worker id) get one each, round
 * after round, so loads even out without moving anything already placed.
 */
function spread<T>(workers: WorkerLoad[], items: Iterable<T>, list: (w: WorkerLoad) => T[]): void {
  if (workers.length === 0) return;
  workers.sort(byLoadThenName((w) => list(w).length));
  const first = workers[0];
  const queue = [...items];
  let next = 0;
  while (next < queue.length) {
    const firstLoad = list(first).length;
    const upTo = workers.findIndex((w) => list(w).length > firstLoad);
    for (const worker of workers.slice(0, upTo === -1 ? workers.length : upTo)) {
      list(worker).push(queue[next++]);
      if (next >= queue.length) break;
    }
  }
}

export function assignConnectors(workers: WorkerLoad[], connectors: Iterable<string>): void {
  spread(workers, connectors, (w) => w.connectors);
}

export function assignTasks(workers: WorkerLoad[], tasks: Iterable<ConnectorTaskId>): void {
  spread(workers, tasks, (w) => w.tasks);
}

/**
 * What each over-loaded worker must give back so that every worker ends with ⌊total/workers⌋ or
 * one more; removed from the loads as it is chosen. Nothing when the spread is already even.
 */
function revocationsFor<T>(total: number, workers: WorkerLoad[], list: (w: WorkerLoad) => T[], setList: (w: WorkerLoad, items: T[]) => void): Map<string, T[]> {
  const result = new Map<string, T[]>();
  const min = Math.floor(total / workers.length);
  const extras = total % workers.length;
  const atMin = workers.filter((w) => list(w).length === min).length;
  const atExtra = workers.filter((w) => list(w).length === min + 1).length;
  if (atExtra === extras && atMin + atExtra === workers.length) return result;
  let allocatedExtras = 0;
  for (const worker of workers) {
    const current = list(worker).length;
    if (current <= min) continue;
    let max = min;
    if (allocatedExtras < extras) {
      allocatedExtras++;
      if (current === min + 1) continue;
      max = min + 1;
    }
    const revoked = list(worker).slice(0, current - max);
    setList(worker, list(worker).slice(current - max));
    result.set(worker.worker, revoked);
  }
  return result;
}

export interface Revocations {
  connectors: Map<string, string[]>;
  tasks: Map<string, ConnectorTaskId[]>;
}

/** Load-balancing revocations (none while every worker is still empty: a new group just assigns). */
export function loadBalancingRevocations(configuredConnectors: number, configuredTasks: number, workers: WorkerLoad[]): Revocations {
  if (workers.length === 0 || workers.every((w) => w.connectors.length === 0 && w.tasks.length === 0)) {
    return { connectors: new Map(), tasks: new Map() };
  }
  return {
    connectors: revocationsFor(configuredConnectors, workers, (w) => w.connectors, (w, items) => { w.connectors = items; }),
    tasks: revocationsFor(configuredTasks, workers, (w) => w.tasks, (w, items) => { w.tasks = items; }),
  };
}

export function hasTask(worker: WorkerLoad, id: ConnectorTaskId): boolean {
  const key = taskKey(id);
  return worker.tasks.some((t) => taskKey(t) === key);
}
