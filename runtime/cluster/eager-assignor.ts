// The eager protocol's assignment (Kafka's EagerAssignor, group protocol "default"): every member
// has stopped everything before the round, and the leader hands out the whole set again, connectors
// then tasks, round-robin over the members sorted by id.
import type { ConnectorTaskId } from '../herder/herder-entities.ts';
import type { ConnectAssignment } from './connect-protocol.ts';
import type { ConnectorsAndTasks } from './connectors-and-tasks.ts';

type Base = Pick<ConnectAssignment, 'version' | 'error' | 'leader' | 'leaderUrl' | 'configOffset'>;

export function eagerAssignment(configured: ConnectorsAndTasks, memberIds: readonly string[], base: Base): Map<string, ConnectAssignment> {
  const members = [...memberIds].sort();
  const connectors = new Map<string, string[]>(members.map((m) => [m, []]));
  const tasks = new Map<string, ConnectorTaskId[]>(members.map((m) => [m, []]));
  let next = 0;
  for (const c of configured.connectors) connectors.get(members[next++ % members.length])!.push(c);
  for (const t of configured.tasks) tasks.get(members[next++ % members.length])!.push(t);
  return new Map(members.map((m) => [m, {
    ...base, connectors: connectors.get(m)!, tasks: tasks.get(m)!, revokedConnectors: [], revokedTasks: [], delay: 0,
  }]));
}
