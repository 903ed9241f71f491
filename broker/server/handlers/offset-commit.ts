// OffsetCommit: member commits (generation and member checked) and simple commits (generation -1
// from outside any group). Answered only once the commit record is durable.
import { decodeOffsetCommitRequest, encodeOffsetCommitResponse } from '../../protocol/generated/offset-commit.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const offsetCommitHandler = defineHandler({
  ...apiRange('OffsetCommit'),
  decode: decodeOffsetCommitRequest,
  encode: encodeOffsetCommitResponse,
  async handle(request, ctx) {
    const results = await ctx.broker.groups.offsets.commit({
      groupId: request.groupId, generationId: request.generationIdOrMemberEpoch, memberId: request.memberId,
      groupInstanceId: request.groupInstanceId, retentionTimeMs: request.retentionTimeMs,
      partitions: request.topics.flatMap((t) => t.partitions.map((p) => ({
        topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata: p.committedMetadata,
      }))),
    });
    let i = 0;
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const { error } = results[i++];
          return { partitionIndex: p.partitionIndex, errorCode: error ? toErrorAnswer(error, ctx.broker.log).errorCode : 0 };
        }),
      })),
    };
  },
});
