// Metadata: the brokers (just us), the cluster id, and each topic's partitions, all led by this
// node. Topics the client asks for that do not exist are created when auto-creation is allowed.
import { decodeMetadataRequest, encodeMetadataResponse, type MetadataResponse } from '../../protocol/generated/metadata.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import type { TopicInfo } from '../../log/log-manager.ts';
import { defineHandler, type RequestContext } from '../api-handler.ts';
import { toErrorAnswer } from '../error-code.ts';
import { autoCreateTopic } from '../auto-create.ts';
import { apiRange } from '../api-range.ts';
import { CLUSTER_OPERATIONS, TOPIC_OPERATIONS, NOT_REQUESTED } from '../authorized-operations.ts';
import { ZERO_UUID } from '../../log/kafka-uuid.ts';

type TopicEntry = MetadataResponse['topics'][number];

export const metadataHandler = defineHandler({
  ...apiRange('Metadata'),
  decode: decodeMetadataRequest,
  encode: encodeMetadataResponse,
  async handle(request, ctx) {
    const { broker, apiVersion } = ctx;
    const { logs } = broker;
    const allowCreate = broker.config.bool('auto.create.topics.enable') && (apiVersion < 4 || request.allowAutoTopicCreation);
    const all = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
    const topics: TopicEntry[] = [];
    if (all) {
      for (const topic of logs.topics()) topics.push(describeTopic(topic, ctx, request.includeTopicAuthorizedOperations));
    } else {
      for (const wanted of request.topics ?? []) {
        topics.push(await lookupTopic(wanted, allowCreate, ctx, request.includeTopicAuthorizedOperations));
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: broker.advertised.slice(0, 1).map((l) => ({ nodeId: broker.nodeId, host: l.host, port: l.port, rack: null })),
      clusterId: logs.clusterId,
      controllerId: broker.nodeId,
      topics,
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : NOT_REQUESTED,
    };
  },
});

async function lookupTopic(
  wanted: { topicId: string; name: string | null }, allowCreate: boolean, ctx: RequestContext, withOps: boolean,
): Promise<TopicEntry> {
  const { logs } = ctx.broker;
  if (wanted.name === null) {
    const byId = logs.topicById(wanted.topicId);
    if (byId) return describeTopic(byId, ctx, withOps);
    return errorTopic(null, wanted.topicId, ErrorCodes.UNKNOWN_TOPIC_ID);
  }
  const existing = logs.topic(wanted.name);
  if (existing) return describeTopic(existing, ctx, withOps);
  if (!allowCreate) return errorTopic(wanted.name, ZERO_UUID, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION);
  try {
    return describeTopic(await autoCreateTopic(ctx.broker, wanted.name), ctx, withOps);
  } catch (err) {
    return errorTopic(wanted.name, ZERO_UUID, toErrorAnswer(err, ctx.broker.log).errorCode);
  }
}


function errorTopic(name: string | null, topicId: string, errorCode: number): TopicEntry {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: NOT_REQUESTED };
}

function describeTopic(topic: TopicInfo, ctx: RequestContext, withOps: boolean): TopicEntry {
  const nodeId = ctx.broker.nodeId;
  const partitions = [];
  for (let i = 0; i < topic.partitions; i++) {
    partitions.push({
      errorCode: 0, partitionIndex: i, leaderId: nodeId, leaderEpoch: 0,
      replicaNodes: [nodeId], isrNodes: [nodeId], offlineReplicas: [],
    });
  }
  return {
    errorCode: 0, name: topic.name, topicId: topic.topicId, isInternal: topic.name === '__consumer_offsets' || topic.name === '__transaction_state',
    partitions, topicAuthorizedOperations: withOps ? TOPIC_OPERATIONS : NOT_REQUESTED,
  };
}
