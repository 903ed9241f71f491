// ListOffsets: earliest, latest, max timestamp, or the first offset at or after a timestamp.
import { decodeListOffsetsRequest, encodeListOffsetsResponse, type ListOffsetsResponse } from '../../protocol/generated/list-offsets.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import type { PartitionLog } from '../../log/partition-log.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

type PartitionResponse = ListOffsetsResponse['topics'][number]['partitions'][number];

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;
const EARLIEST_LOCAL = -4;
const EARLIEST_PENDING_UPLOAD = -5;

export const listOffsetsHandler = defineHandler({
  ...apiRange('ListOffsets'),
  decode: decodeListOffsetsRequest,
  encode: encodeListOffsetsResponse,
  async handle(request, ctx) {
    const { logs, log } = ctx.broker;
    const topics = await Promise.all(request.topics.map(async (topic) => ({
      name: topic.name,
      partitions: await Promise.all(topic.partitions.map(async (p): Promise<PartitionResponse> => {
        const base = { partitionIndex: p.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
        const partitionLog = logs.partition(topic.name, p.partitionIndex);
        if (!partitionLog) return { ...base, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION };
        try {
          const found = await lookup(partitionLog, p.timestamp);
          // v0 answers with a list of offsets; v1+ with one offset and its timestamp; v4+ adds the leader epoch.
          if (ctx.apiVersion === 0) return { ...base, oldStyleOffsets: found.offset >= 0 ? [found.offset] : [] };
          return { ...base, ...found, leaderEpoch: ctx.apiVersion >= 4 && found.offset >= 0 ? 0 : -1 };
        } catch (err) {
          return { ...base, errorCode: toErrorAnswer(err, log).errorCode };
        }
      })),
    })));
    return { throttleTimeMs: 0, topics };
  },
});

async function lookup(log: PartitionLog, timestamp: number): Promise<{ offset: number; timestamp: number }> {
  switch (timestamp) {
    // Without transactions the last stable offset is the high watermark, for both isolation levels.
    case LATEST: return { offset: log.highWatermark, timestamp: -1 };
    case EARLIEST: case EARLIEST_LOCAL: return { offset: log.logStartOffset, timestamp: -1 };
    case MAX_TIMESTAMP: return log.maxTimestamp();
    // No tiered storage: nothing is ever pending upload.
    case EARLIEST_PENDING_UPLOAD: return { offset: -1, timestamp: -1 };
    default: return (await log.offsetForTimestamp(timestamp)) ?? { offset: -1, timestamp: -1 };
  }
}
