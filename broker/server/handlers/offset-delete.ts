// OffsetDelete: removes a group's committed offsets of some partitions, refused for topics the
// group is consuming (GROUP_SUBSCRIBED_TO_TOPIC).
import { decodeOffsetDeleteRequest, encodeOffsetDeleteResponse } from '../../protocol/generated/offset-delete.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const offsetDeleteHandler = defineHandler({
  ...apiRange('OffsetDelete'),
  decode: decodeOffsetDeleteRequest,
  encode: encodeOffsetDeleteResponse,
  async handle(request, ctx) {
    const code = (err: unknown) => toErrorAnswer(err, ctx.broker.log).errorCode;
    let results;
    try {
      results = await ctx.broker.groups.offsets.deleteOffsets(request.groupId,
        request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex }))));
    } catch (err) {
      return { errorCode: code(err), throttleTimeMs: 0, topics: [] };
    }
    let i = 0;
    return {
      errorCode: 0, throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const { error } = results[i++];
          return { partitionIndex: p.partitionIndex, errorCode: error ? code(error) : 0 };
        }),
      })),
    };
  },
});
