// The errors the classic membership protocol answers with, worded once: JoinGroup, SyncGroup,
// Heartbeat, LeaveGroup and member OffsetCommits share them.
import { KafkaError } from '../kafka-error.ts';
import type { ClassicGroup, JoinOutcome } from './group-metadata.ts';

export function validateMember(group: ClassicGroup, memberId: string, groupInstanceId: string | null): KafkaError | null {
  if (group.isStaticMemberFenced(groupInstanceId, memberId)) return fencedInstance(groupInstanceId!);
  if (!group.members.has(memberId)) return unknownMember(group, memberId);
  return null;
}

export function joinError(memberId: string, error: KafkaError): JoinOutcome {
  return { error, memberId, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, members: [] };
}

export function unknownMember(group: ClassicGroup | undefined, memberId: string, groupId = group?.groupId): KafkaError {
  return new KafkaError('UNKNOWN_MEMBER_ID', `Member ${memberId} is not a member of group ${groupId}.`);
}

export function fencedInstance(instanceId: string): KafkaError {
  return new KafkaError('FENCED_INSTANCE_ID', `Static member ${instanceId} has been replaced by a newer member with the same group.instance.id.`);
}

export function rebalancing(group: ClassicGroup): KafkaError {
  return new KafkaError('REBALANCE_IN_PROGRESS', `Group ${group.groupId} is rebalancing: rejoin it.`);
}

export function deadGroup(group: ClassicGroup): KafkaError {
  return new KafkaError('COORDINATOR_NOT_AVAILABLE', `Group ${group.groupId} is being removed; retry.`);
}

export function inconsistentProtocol(group: ClassicGroup, protocolType: string): KafkaError {
  return new KafkaError('INCONSISTENT_GROUP_PROTOCOL', group.isEmpty
    ? 'The first member of a group needs a protocol type and at least one protocol.'
    : `Group ${group.groupId} has protocol type ${group.protocolType} and no protocol in common with this member (protocol type ${protocolType}).`);
}

export function toKafkaError(err: unknown): KafkaError {
  return err instanceof KafkaError ? err : new KafkaError('UNKNOWN_SERVER_ERROR', (err as Error).message, { cause: err });
}
