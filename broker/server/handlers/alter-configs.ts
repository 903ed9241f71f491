// AlterConfigs (legacy, replaces a topic's whole override set) and IncrementalAlterConfigs
// (SET, DELETE, APPEND, SUBTRACT per config).
import { decodeAlterConfigsRequest, encodeAlterConfigsResponse } from '../../protocol/generated/alter-configs.ts';
import { decodeIncrementalAlterConfigsRequest, encodeIncrementalAlterConfigsResponse } from '../../protocol/generated/incremental-alter-configs.ts';
import { validateTopicOverrides } from '../../config/broker-config.ts';
import { parseList } from '../../config/config-types.ts';
import { topicConfigByName } from '../../config/topic-configs.ts';
import { KafkaError } from '../../kafka-error.ts';
import { defineHandler, type RequestContext } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';
import { RESOURCE_BROKER, RESOURCE_TOPIC, rejectBrokerAlter } from '../config-resources.ts';

type Resource = { resourceType: number; resourceName: string };
type Change = (current: Readonly<Record<string, string>>) => Record<string, string>;

export const alterConfigsHandler = defineHandler({
  ...apiRange('AlterConfigs'),
  decode: decodeAlterConfigsRequest,
  encode: encodeAlterConfigsResponse,
  async handle(request, ctx) {
    const responses = await Promise.all(request.resources.map((r) => alter(r, request.validateOnly, ctx, () => {
      const next: Record<string, string> = {};
      for (const c of r.configs) {
        if (c.value === null) throw new KafkaError('INVALID_REQUEST', `Null value not supported for: ${c.name}`);
        next[c.name] = c.value;
      }
      return next;
    })));
    return { throttleTimeMs: 0, responses };
  },
});

const SET = 0, DELETE = 1, APPEND = 2, SUBTRACT = 3;

export const incrementalAlterConfigsHandler = defineHandler({
  ...apiRange('IncrementalAlterConfigs'),
  decode: decodeIncrementalAlterConfigsRequest,
  encode: encodeIncrementalAlterConfigsResponse,
  async handle(request, ctx) {
    const responses = await Promise.all(request.resources.map((r) => alter(r, request.validateOnly, ctx, (current) => {
      const next = { ...current };
      const topicValues = ctx.broker.config.topicValues(current);
      for (const c of r.configs) {
        const def = topicConfigByName.get(c.name);
        if (!def) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${c.name}`);
        if (c.configOperation === DELETE) { delete next[c.name]; continue; }
        if (c.value === null) throw new KafkaError('INVALID_REQUEST', `Null value not supported for: ${c.name}`);
        if (c.configOperation === SET) { next[c.name] = c.value; continue; }
        if (c.configOperation !== APPEND && c.configOperation !== SUBTRACT) {
          throw new KafkaError('INVALID_REQUEST', `Unknown config operation ${c.configOperation} for ${c.name}`);
        }
        if (def.type !== 'list') throw new KafkaError('INVALID_CONFIG', `Config value append is not allowed for config key: ${c.name}`);
        const items = parseList(next[c.name] ?? topicValues[c.name] ?? '');
        const changes = parseList(c.value);
        const result = c.configOperation === APPEND
          ? [...items, ...changes.filter((v) => !items.includes(v))]
          : items.filter((v) => !changes.includes(v));
        next[c.name] = result.join(',');
      }
      return next;
    })));
    return { throttleTimeMs: 0, responses };
  },
});

async function alter(resource: Resource, validateOnly: boolean, ctx: RequestContext, change: Change) {
  const base = { errorCode: 0, errorMessage: null, resourceType: resource.resourceType, resourceName: resource.resourceName };
  try {
    if (resource.resourceType === RESOURCE_BROKER) rejectBrokerAlter(resource.resourceName, ctx.broker.nodeId);
    if (resource.resourceType !== RESOURCE_TOPIC) {
      throw new KafkaError('INVALID_REQUEST', `Unsupported resource type ${resource.resourceType}: the bundled broker alters topic configs (2).`);
    }
    const topic = ctx.broker.logs.topic(resource.resourceName);
    if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${resource.resourceName}' does not exist.`);
    const next = change(topic.overrides);
    validateTopicOverrides(next);
    if (!validateOnly) {
      await ctx.broker.logs.alterTopicConfig(topic.name, next);
      ctx.broker.log.info({ topic: topic.name, configs: next }, 'altered topic configs');
    }
    return base;
  } catch (err) {
    return { ...base, ...toErrorAnswer(err, ctx.broker.log) };
  }
}
