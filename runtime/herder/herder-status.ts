// Turns worker state reports into status records, and status records into REST entities:
// the part of Kafka's AbstractHerder that both herders share.
import type { ConnectorState, ConnectorStateInfo, ConnectorTaskId, ConnectorType, RestartRequest, TaskStateEntry } from './herder-entities.ts';
import { connectorStateEntry, restartsConnectorOnly, taskStateEntry } from './herder-entities.ts';
import { NotFoundError } from './herder-errors.ts';
import { traceOf, type StatusStore } from './status-store.ts';
import type { WorkerListener } from './worker-facade.ts';

export function statusWritingListener(
  store: StatusStore, workerId: () => string, onReconfigure: (connector: string) => void,
): WorkerListener {
  return {
    connectorStateChanged(connector: string, state: ConnectorState, error?: Error) {
      store.putConnector(connector, { state, trace: traceOf(error), workerId: workerId(), generation: 0 });
    },
    taskStateChanged(id: ConnectorTaskId, state: ConnectorState, error?: Error) {
      store.putTask(id, { state, trace: traceOf(error), workerId: workerId(), generation: 0 });
    },
    taskReconfigurationRequested: onReconfigure,
    topicUsed(id: ConnectorTaskId, topic: string) {
      store.addTopic(id.connector, topic);
    },
  };
}

export function connectorStateInfo(store: StatusStore, name: string, type: ConnectorType): ConnectorStateInfo {
  const connector = store.connector(name);
  if (connector === undefined) throw new NotFoundError(`No status found for connector ${name}`);
  return {
    name,
    connector: connectorStateEntry(connector.state, connector.workerId, connector.trace),
    tasks: store.tasks(name).map(([id, s]) => taskStateEntry(id, s.state, s.workerId, s.trace)),
    type,
  };
}

export function taskStateInfo(store: StatusStore, id: ConnectorTaskId): TaskStateEntry {
  const status = store.task(id);
  if (status === undefined) throw new NotFoundError(`No status found for task ${id.connector}-${id.task}`);
  return taskStateEntry(id.task, status.state, status.workerId, status.trace);
}

/** What a restart request restarts, given current states (Kafka's RestartRequest.shouldRestart*). */
export interface RestartPlan {
  restartConnector: boolean;
  tasks: number[];
  /** The status to answer with: RESTARTING on everything that will restart. */
  info: ConnectorStateInfo;
}

export function buildRestartPlan(store: StatusStore, request: RestartRequest, type: ConnectorType): RestartPlan | null {
  const connector = store.connector(request.connector);
  if (connector === undefined) return null;
  const restartConnector = restartsConnectorOnly(request) || !request.onlyFailed || connector.state === 'FAILED';
  const tasks = request.includeTasks
    ? store.tasks(request.connector).filter(([, s]) => !request.onlyFailed || s.state === 'FAILED').map(([id]) => id)
    : [];
  const info: ConnectorStateInfo = {
    name: request.connector,
    connector: connectorStateEntry(restartConnector ? 'RESTARTING' : connector.state, connector.workerId, connector.trace),
    tasks: store.tasks(request.connector).map(([id, s]) =>
      taskStateEntry(id, tasks.includes(id) ? 'RESTARTING' : s.state, s.workerId, s.trace)),
    type,
  };
  return { restartConnector, tasks, info };
}

export function sameConfig(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

export function sameTaskConfigs(a: Record<string, string>[], b: Record<string, string>[]): boolean {
  return a.length === b.length && a.every((c, i) => sameConfig(c, b[i]));
}
