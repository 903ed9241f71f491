// CreateTopics, including validate-only requests, manual assignments and per-topic configs.
import { decodeCreateTopicsRequest, encodeCreateTopicsResponse, type CreateTopicsRequest, type CreateTopicsResponse } from '../../protocol/generated/create-topics.ts';
import { validateTopicOverrides } from '../../config/broker-config.ts';
import { KafkaError } from '../../kafka-error.ts';
import { defineHandler, type RequestContext } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';
import { validateTopicName } from '../../log/topic-name.ts';
import { ZERO_UUID } from '../../log/kafka-uuid.ts';

type Creatable = CreateTopicsRequest['topics'][number];
type Result = CreateTopicsResponse['topics'][number];


export const createTopicsHandler = defineHandler({
  ...apiRange('CreateTopics'),
  decode: decodeCreateTopicsRequest,
  encode: encodeCreateTopicsResponse,
  async handle(request, ctx) {
    const counts = new Map<string, number>();
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const topics = await Promise.all(request.topics.map(async (topic): Promise<Result> => {
      try {
        if ((counts.get(topic.name) ?? 0) > 1) {
          throw new KafkaError('INVALID_REQUEST', `Create topics request from client \`${ctx.clientId}\` contains multiple entries for the following topics: ${topic.name}`);
        }
        return await createTopic(topic, request.validateOnly, ctx);
      } catch (err) {
        const { errorCode, errorMessage } = toErrorAnswer(err, ctx.broker.log);
        return { ...emptyResult(topic.name), errorCode, errorMessage };
      }
    }));
    return { throttleTimeMs: 0, topics };
  },
});

function emptyResult(name: string): Result {
  return { name, topicId: ZERO_UUID, errorCode: 0, errorMessage: null, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: null };
}

async function createTopic(topic: Creatable, validateOnly: boolean, ctx: RequestContext): Promise<Result> {
  const { logs, config, nodeId } = ctx.broker;
  validateTopicName(topic.name);
  if (logs.topic(topic.name)) throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${topic.name}' already exists.`);
  const collision = logs.topics().find((t) => t.name !== topic.name && t.name.replaceAll('.', '_') === topic.name.replaceAll('.', '_'));
  if (collision) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic '${topic.name}' collides with existing topic: ${collision.name}`);

  let partitions = topic.numPartitions === -1 ? config.int('num.partitions') : topic.numPartitions;
  const replicationFactor = topic.replicationFactor === -1 ? config.int('default.replication.factor') : topic.replicationFactor;
  if (topic.assignments.length > 0) {
    if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
      throw new KafkaError('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
    }
    topic.assignments.forEach((a, i) => {
      if (a.partitionIndex !== i || a.brokerIds.length !== 1 || a.brokerIds[0] !== nodeId) {
        throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Partition ${a.partitionIndex} must be assigned to broker ${nodeId} only, the one broker of this cluster`);
      }
    });
    partitions = topic.assignments.length;
  }
  if (partitions <= 0) throw new KafkaError('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  if (replicationFactor <= 0) throw new KafkaError('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
  if (replicationFactor > 1) {
    throw new KafkaError('INVALID_REPLICATION_FACTOR', `Unable to replicate the partition ${replicationFactor} time(s): ` +
      `The target replication factor of ${replicationFactor} cannot be reached because only 1 broker(s) are registered.`);
  }
  const overrides: Record<string, string> = {};
  for (const c of topic.configs) {
    if (c.value === null) throw new KafkaError('INVALID_CONFIG', `Null value not supported for topic configs: ${c.name}`);
    overrides[c.name] = c.value;
  }
  validateTopicOverrides(overrides);

  const created = validateOnly ? null : await logs.createTopic(topic.name, partitions, overrides);
  if (created) ctx.broker.log.info({ topic: topic.name, partitions, configs: overrides }, 'created topic');
  const configs = config.resolveTopic(overrides).map((c) => ({
    name: c.name, value: c.value, readOnly: false, configSource: c.source, isSensitive: false,
  }));
  return { ...emptyResult(topic.name), topicId: created?.topicId ?? ZERO_UUID, numPartitions: partitions, replicationFactor, configs };
}
