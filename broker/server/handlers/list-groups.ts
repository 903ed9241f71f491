// ListGroups: every live group, optionally filtered by state (v4+) and type (v5+; all are classic).
import { decodeListGroupsRequest, encodeListGroupsResponse } from '../../protocol/generated/list-groups.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';

export const listGroupsHandler = defineHandler({
  ...apiRange('ListGroups'),
  decode: decodeListGroupsRequest,
  encode: encodeListGroupsResponse,
  handle(request, ctx) {
    const groups = ctx.broker.groups.listGroups(request.statesFilter, request.typesFilter);
    return {
      throttleTimeMs: 0, errorCode: 0,
      groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state, groupType: g.type })),
    };
  },
});
