// OffsetFetch: one group (v0-7) or several (v8+); a null topic list means every partition the
// group has committed (v2+). requireStable (v7+) refuses offsets whose commit is not yet durable.
import { decodeOffsetFetchRequest, encodeOffsetFetchResponse } from '../../protocol/generated/offset-fetch.ts';
import type { FetchedOffset } from '../../coordinator/offsets-commits.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';
import type { RequestContext } from '../api-handler.ts';

type TopicRequest = { name: string; partitionIndexes: number[] };

function fetchGroup(groupId: string, topics: TopicRequest[] | null, requireStable: boolean, ctx: RequestContext) {
  const wanted = topics?.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition }))) ?? null;
  const fetched = ctx.broker.groups.offsets.fetch(groupId, wanted, requireStable);
  const byTopic = new Map<string, FetchedOffset[]>();
  for (const f of fetched) {
    const list = byTopic.get(f.topic) ?? [];
    list.push(f);
    byTopic.set(f.topic, list);
  }
  const unstable = fetched.some((f) => f.error?.errorName === 'UNSTABLE_OFFSET_COMMIT');
  return {
    // Kafka also flags the whole group when any partition is unstable, so the client retries.
    errorCode: unstable ? toErrorAnswer(fetched.find((f) => f.error)!.error, ctx.broker.log).errorCode : 0,
    topics: [...byTopic].map(([name, partitions]) => ({
      name,
      partitions: partitions.map((p) => ({
        partitionIndex: p.partition, committedOffset: p.offset,
        committedLeaderEpoch: ctx.apiVersion >= 5 ? p.leaderEpoch : -1, metadata: p.metadata,
        errorCode: p.error ? toErrorAnswer(p.error, ctx.broker.log).errorCode : 0,
      })),
    })),
  };
}

export const offsetFetchHandler = defineHandler({
  ...apiRange('OffsetFetch'),
  decode: decodeOffsetFetchRequest,
  encode: encodeOffsetFetchResponse,
  handle(request, ctx) {
    if (ctx.apiVersion >= 8) {
      return {
        throttleTimeMs: 0, topics: [], errorCode: 0,
        groups: request.groups.map((g) => {
          const { errorCode, topics } = fetchGroup(g.groupId, g.topics, request.requireStable, ctx);
          return { groupId: g.groupId, errorCode, topics };
        }),
      };
    }
    const { errorCode, topics } = fetchGroup(request.groupId, request.topics, request.requireStable, ctx);
    return { throttleTimeMs: 0, topics, errorCode: ctx.apiVersion >= 2 ? errorCode : 0, groups: [] };
  },
});
