// group.max.size: whether a group takes one more joining member.
import type { ClassicGroup } from './group-metadata.ts';

/**
 * Kafka's acceptJoiningMember. An empty group takes anyone. While preparing a rebalance, a member
 * already rejoined is accepted, others while fewer than maxSize have rejoined (the group itself
 * may be larger if group.max.size was lowered; counting rejoins keeps the first ones in). Once
 * the join phase is over, known members are accepted, new ones while the group is below maxSize.
 */
export function acceptsJoiningMember(group: ClassicGroup, memberId: string, maxSize: number): boolean {
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance':
      return (group.members.get(memberId)?.awaitingJoin ?? null) !== null || group.awaitingJoinCount < maxSize;
    case 'CompletingRebalance':
    case 'Stable':
      return group.members.has(memberId) || group.members.size < maxSize;
  }
}
