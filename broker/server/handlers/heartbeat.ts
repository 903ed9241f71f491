// Heartbeat: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin.
import { decodeHeartbeatRequest, encodeHeartbeatResponse } from '../../protocol/generated/heartbeat.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const heartbeatHandler = defineHandler({
  ...apiRange('Heartbeat'),
  decode: decodeHeartbeatRequest,
  encode: encodeHeartbeatResponse,
  handle(request, ctx) {
    try {
      ctx.broker.groups.membership.heartbeat(request);
      return { throttleTimeMs: 0, errorCode: 0 };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: toErrorAnswer(err, ctx.broker.log).errorCode };
    }
  },
});
