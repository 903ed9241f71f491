// The leader of a worker group as the bundled broker's group coordinator sees it: the leader URL of
// the assignments it handed out in the current generation. Null while the group is rebalancing or
// while its members disagree (a round is being completed).
import { decodeAssignment } from '../../../runtime/cluster/connect-protocol.ts';
import type { TempBroker } from '../../support/temp-broker.ts';

export interface GroupView {
  readonly leaderUrl: string;
  /** How many workers are members of the current generation. */
  readonly memberCount: number;
}

export function stableGroupLeader(broker: TempBroker, groupId: string): GroupView | null {
  const group = broker.broker.context.groups.describeGroup(groupId);
  if (group.state !== 'Stable' || group.members.length === 0) return null;
  const leaders = new Set(group.members.map((m) => (m.assignment.length === 0 ? '' : decodeAssignment(m.assignment).leaderUrl)));
  if (leaders.size !== 1 || leaders.has('')) return null;
  return { leaderUrl: [...leaders][0], memberCount: group.members.length };
}
