// DeleteTopics, by name (all versions) or by topic id (v6+).
import { decodeDeleteTopicsRequest, encodeDeleteTopicsResponse } from '../../protocol/generated/delete-topics.ts';
import { KafkaError } from '../../kafka-error.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';
import { ZERO_UUID } from '../../log/kafka-uuid.ts';


export const deleteTopicsHandler = defineHandler({
  ...apiRange('DeleteTopics'),
  decode: decodeDeleteTopicsRequest,
  encode: encodeDeleteTopicsResponse,
  async handle(request, ctx) {
    const { logs, config, log } = ctx.broker;
    const wanted = ctx.apiVersion >= 6
      ? request.topics.map((t) => ({ name: t.name, topicId: t.topicId }))
      : request.topicNames.map((name) => ({ name: name as string | null, topicId: ZERO_UUID }));
    const responses = await Promise.all(wanted.map(async ({ name, topicId }) => {
      try {
        if (!config.bool('delete.topic.enable')) throw new KafkaError('TOPIC_DELETION_DISABLED', 'Topic deletion is disabled (delete.topic.enable=false).');
        const topic = name !== null ? logs.topic(name) : logs.topicById(topicId);
        if (!topic) {
          throw name !== null
            ? new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`)
            : new KafkaError('UNKNOWN_TOPIC_ID', `Topic id ${topicId} does not exist.`);
        }
        await logs.deleteTopic(topic.name);
        log.info({ topic: topic.name }, 'deleted topic');
        return { name: topic.name, topicId: topic.topicId, errorCode: 0, errorMessage: null };
      } catch (err) {
        return { name, topicId, ...toErrorAnswer(err, log) };
      }
    }));
    return { throttleTimeMs: 0, responses };
  },
});
