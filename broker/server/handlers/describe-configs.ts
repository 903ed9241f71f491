// DescribeConfigs for topics (their overrides, broker synonyms and defaults) and for the broker.
import { decodeDescribeConfigsRequest, encodeDescribeConfigsResponse, type DescribeConfigsResponse } from '../../protocol/generated/describe-configs.ts';
import { ConfigSource, type ResolvedConfig } from '../../config/broker-config.ts';
import type { ConfigType } from '../../config/config-types.ts';
import { KafkaError } from '../../kafka-error.ts';
import { defineHandler, type RequestContext } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';
import { RESOURCE_BROKER, RESOURCE_TOPIC, checkBrokerResource } from '../config-resources.ts';

type Result = DescribeConfigsResponse['results'][number];

// Kafka's DescribeConfigsResponse.ConfigType codes.
const CONFIG_TYPE_CODES: Record<ConfigType, number> = {
  boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, class: 8, password: 9,
};

export const describeConfigsHandler = defineHandler({
  ...apiRange('DescribeConfigs'),
  decode: decodeDescribeConfigsRequest,
  encode: encodeDescribeConfigsResponse,
  handle(request, ctx) {
    const results = request.resources.map((resource): Result => {
      const base = { errorCode: 0, errorMessage: null, resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [] };
      try {
        const wanted = resource.configurationKeys === null ? null : new Set(resource.configurationKeys);
        const configs = resolve(resource.resourceType, resource.resourceName, ctx)
          .filter((c) => wanted === null || wanted.has(c.name))
          .map((c) => ({
            name: c.name,
            value: c.value,
            readOnly: resource.resourceType === RESOURCE_BROKER,
            // v0 has isDefault; later versions say the same through configSource.
            isDefault: ctx.apiVersion === 0 && c.source === ConfigSource.DEFAULT_CONFIG,
            configSource: c.source,
            isSensitive: c.definition.type === 'password',
            synonyms: request.includeSynonyms ? c.synonyms.map((s) => ({ name: s.name, value: s.value, source: s.source })) : [],
            configType: CONFIG_TYPE_CODES[c.definition.type],
            documentation: request.includeDocumentation ? c.definition.doc : null,
          }));
        return { ...base, configs };
      } catch (err) {
        return { ...base, ...toErrorAnswer(err, ctx.broker.log) };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});

function resolve(resourceType: number, name: string, ctx: RequestContext): ResolvedConfig[] {
  const { logs, config } = ctx.broker;
  if (resourceType === RESOURCE_TOPIC) {
    const topic = logs.topic(name);
    if (!topic) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`);
    return config.resolveTopic(topic.overrides);
  }
  if (resourceType === RESOURCE_BROKER) {
    checkBrokerResource(name, ctx.broker.nodeId);
    return config.describeBroker();
  }
  throw new KafkaError('INVALID_REQUEST', `Unsupported resource type ${resourceType}: the bundled broker describes topics (2) and brokers (4).`);
}
