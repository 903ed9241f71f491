// CreatePartitions: grows a topic to a new partition count (never shrinks it).
import { decodeCreatePartitionsRequest, encodeCreatePartitionsResponse } from '../../protocol/generated/create-partitions.ts';
import { KafkaError } from '../../kafka-error.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const createPartitionsHandler = defineHandler({
  ...apiRange('CreatePartitions'),
  decode: decodeCreatePartitionsRequest,
  encode: encodeCreatePartitionsResponse,
  async handle(request, ctx) {
    const { logs, log, nodeId } = ctx.broker;
    const results = await Promise.all(request.topics.map(async (t) => {
      try {
        const topic = logs.topic(t.name);
        if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `The topic '${t.name}' does not exist.`);
        if (t.count === topic.partitions) throw new KafkaError('INVALID_PARTITIONS', `Topic already has ${topic.partitions} partitions.`);
        if (t.count < topic.partitions) {
          throw new KafkaError('INVALID_PARTITIONS', `Topic currently has ${topic.partitions} partitions, which is higher than the requested ${t.count}.`);
        }
        if (t.assignments !== null) {
          if (t.assignments.length !== t.count - topic.partitions) {
            throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Increasing the number of partitions by ${t.count - topic.partitions} but ${t.assignments.length} assignments provided.`);
          }
          if (t.assignments.some((a) => a.brokerIds.length !== 1 || a.brokerIds[0] !== nodeId)) {
            throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `New partitions must be assigned to broker ${nodeId} only, the one broker of this cluster`);
          }
        }
        if (!request.validateOnly) {
          await logs.createPartitions(t.name, t.count);
          log.info({ topic: t.name, partitions: t.count }, 'added partitions');
        }
        return { name: t.name, errorCode: 0, errorMessage: null };
      } catch (err) {
        return { name: t.name, ...toErrorAnswer(err, log) };
      }
    }));
    return { throttleTimeMs: 0, results };
  },
});
