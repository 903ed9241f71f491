// JoinGroup: answered when the group's join phase completes (a delayed response), or at once for
// errors, MEMBER_ID_REQUIRED (v4+, KIP-394) and unchanged rejoins.
import { decodeJoinGroupRequest, encodeJoinGroupResponse } from '../../protocol/generated/join-group.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const joinGroupHandler = defineHandler({
  ...apiRange('JoinGroup'),
  decode: decodeJoinGroupRequest,
  encode: encodeJoinGroupResponse,
  async handle(request, ctx) {
    const v = ctx.apiVersion;
    const outcome = await ctx.broker.groups.membership.join({
      groupId: request.groupId, memberId: request.memberId, groupInstanceId: request.groupInstanceId,
      clientId: ctx.clientId ?? '', clientHost: ctx.clientHost,
      sessionTimeoutMs: request.sessionTimeoutMs,
      // v0 has no rebalance timeout: Kafka uses the session timeout.
      rebalanceTimeoutMs: v === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
      protocolType: request.protocolType, protocols: request.protocols,
      requireKnownMemberId: v >= 4, supportsSkipAssignment: v >= 9,
    });
    return {
      throttleTimeMs: 0,
      errorCode: outcome.error ? toErrorAnswer(outcome.error, ctx.broker.log).errorCode : 0,
      generationId: outcome.generationId,
      protocolType: v >= 7 ? outcome.protocolType : null,
      // Before v7 the protocol name is not nullable: Kafka sends "" when there is none.
      protocolName: v >= 7 ? outcome.protocolName : outcome.protocolName ?? '',
      leader: outcome.leader,
      skipAssignment: v >= 9 && outcome.skipAssignment,
      memberId: outcome.memberId,
      members: outcome.members.map((m) => ({ memberId: m.memberId, groupInstanceId: v >= 5 ? m.groupInstanceId : null, metadata: m.metadata })),
    };
  },
});
