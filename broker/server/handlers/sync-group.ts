// SyncGroup: members wait for the leader's assignment (a delayed response); a stable group
// answers at once with the member's assignment.
import { decodeSyncGroupRequest, encodeSyncGroupResponse } from '../../protocol/generated/sync-group.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const syncGroupHandler = defineHandler({
  ...apiRange('SyncGroup'),
  decode: decodeSyncGroupRequest,
  encode: encodeSyncGroupResponse,
  async handle(request, ctx) {
    const outcome = await ctx.broker.groups.membership.sync({
      groupId: request.groupId, generationId: request.generationId, memberId: request.memberId,
      groupInstanceId: request.groupInstanceId, protocolType: request.protocolType, protocolName: request.protocolName,
      assignments: request.assignments,
    });
    const v5 = ctx.apiVersion >= 5;
    return {
      throttleTimeMs: 0,
      errorCode: outcome.error ? toErrorAnswer(outcome.error, ctx.broker.log).errorCode : 0,
      protocolType: v5 && !outcome.error ? outcome.protocolType : null,
      protocolName: v5 && !outcome.error ? outcome.protocolName : null,
      assignment: outcome.assignment,
    };
  },
});
