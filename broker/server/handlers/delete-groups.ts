// DeleteGroups: removes empty groups with their committed offsets (tombstones in __consumer_offsets).
import { decodeDeleteGroupsRequest, encodeDeleteGroupsResponse } from '../../protocol/generated/delete-groups.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const deleteGroupsHandler = defineHandler({
  ...apiRange('DeleteGroups'),
  decode: decodeDeleteGroupsRequest,
  encode: encodeDeleteGroupsResponse,
  async handle(request, ctx) {
    const results = await Promise.all(request.groupsNames.map(async (groupId) => {
      try {
        await ctx.broker.groups.deleteGroup(groupId);
        return { groupId, errorCode: 0 };
      } catch (err) {
        return { groupId, errorCode: toErrorAnswer(err, ctx.broker.log).errorCode };
      }
    }));
    return { throttleTimeMs: 0, results };
  },
});
