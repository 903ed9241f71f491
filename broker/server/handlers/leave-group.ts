// LeaveGroup: one member (v0-2) or a batch of members identified by member id or
// group.instance.id (v3+, KIP-345).
import { decodeLeaveGroupRequest, encodeLeaveGroupResponse } from '../../protocol/generated/leave-group.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const leaveGroupHandler = defineHandler({
  ...apiRange('LeaveGroup'),
  decode: decodeLeaveGroupRequest,
  encode: encodeLeaveGroupResponse,
  handle(request, ctx) {
    const batched = ctx.apiVersion >= 3;
    const leaving = batched ? request.members : [{ memberId: request.memberId, groupInstanceId: null }];
    const code = (err: unknown) => toErrorAnswer(err, ctx.broker.log).errorCode;
    let errors;
    try {
      errors = ctx.broker.groups.membership.leave(request.groupId, leaving);
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: code(err), members: [] };
    }
    if (!batched) return { throttleTimeMs: 0, errorCode: errors[0] ? code(errors[0]) : 0, members: [] };
    return {
      throttleTimeMs: 0, errorCode: 0,
      members: leaving.map((m, i) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: errors[i] ? code(errors[i]) : 0 })),
    };
  },
});
