// DeleteRecords: moves a partition's log start offset forward (offset -1 means the high watermark).
import { decodeDeleteRecordsRequest, encodeDeleteRecordsResponse } from '../../protocol/generated/delete-records.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { KafkaError } from '../../kafka-error.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const deleteRecordsHandler = defineHandler({
  ...apiRange('DeleteRecords'),
  decode: decodeDeleteRecordsRequest,
  encode: encodeDeleteRecordsResponse,
  async handle(request, ctx) {
    const { logs, log } = ctx.broker;
    const topics = await Promise.all(request.topics.map(async (topic) => ({
      name: topic.name,
      partitions: await Promise.all(topic.partitions.map(async (p) => {
        const partitionLog = logs.partition(topic.name, p.partitionIndex);
        if (!partitionLog) return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION };
        try {
          const offset = p.offset === -1 ? partitionLog.highWatermark : p.offset;
          if (offset < 0 || offset > partitionLog.highWatermark) {
            throw new KafkaError('OFFSET_OUT_OF_RANGE',
              `Cannot delete records of ${topic.name}-${p.partitionIndex} before offset ${p.offset}: the high watermark is ${partitionLog.highWatermark}`);
          }
          return { partitionIndex: p.partitionIndex, lowWatermark: await partitionLog.deleteRecordsBefore(offset), errorCode: 0 };
        } catch (err) {
          return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: toErrorAnswer(err, log).errorCode };
        }
      })),
    })));
    return { throttleTimeMs: 0, topics };
  },
});
