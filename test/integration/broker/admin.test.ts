import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeAlterConfigsResponse, encodeAlterConfigsRequest } from '../../../broker/protocol/generated/alter-configs.ts';
import { decodeCreatePartitionsResponse, encodeCreatePartitionsRequest } from '../../../broker/protocol/generated/create-partitions.ts';
import { decodeCreateTopicsResponse, encodeCreateTopicsRequest } from '../../../broker/protocol/generated/create-topics.ts';
import { decodeDeleteRecordsResponse, encodeDeleteRecordsRequest } from '../../../broker/protocol/generated/delete-records.ts';
import { decodeDeleteTopicsResponse, encodeDeleteTopicsRequest } from '../../../broker/protocol/generated/delete-topics.ts';
import { decodeDescribeClusterResponse, encodeDescribeClusterRequest } from '../../../broker/protocol/generated/describe-cluster.ts';
import { decodeDescribeConfigsResponse, encodeDescribeConfigsRequest } from '../../../broker/protocol/generated/describe-configs.ts';
import { decodeIncrementalAlterConfigsResponse, encodeIncrementalAlterConfigsRequest } from '../../../broker/protocol/generated/incremental-alter-configs.ts';
import { decodeInitProducerIdResponse, encodeInitProducerIdRequest } from '../../../broker/protocol/generated/init-producer-id.ts';
import { decodeListOffsetsResponse, encodeListOffsetsRequest } from '../../../broker/protocol/generated/list-offsets.ts';
import { decodeMetadataResponse, encodeMetadataRequest } from '../../../broker/protocol/generated/metadata.ts';
import { encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, produce } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let client: WireClient;
beforeAll(async () => {
  broker = await startTempBroker({ 'num.partitions': '3', 'log.retention.hours': '48' });
  client = await WireClient.connect(broker.broker.port);
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

const metadata = (topics: { name: string | null; topicId?: string }[] | null, allowAutoTopicCreation = true, version = 12) =>
  client.call(3, version, encodeMetadataRequest, decodeMetadataResponse, {
    topics: topics?.map((t) => ({ name: t.name, topicId: t.topicId ?? 'AAAAAAAAAAAAAAAAAAAAAA' })) ?? null,
    allowAutoTopicCreation, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
  });

const describeTopicConfigs = async (name: string, keys: string[] | null = null) => (await client.call(32, 4,
  encodeDescribeConfigsRequest, decodeDescribeConfigsResponse, {
    resources: [{ resourceType: 2, resourceName: name, configurationKeys: keys }], includeSynonyms: true, includeDocumentation: true,
  })).results[0];

describe('Metadata', () => {
  test('auto-creates a requested topic with num.partitions, led by this node', async () => {
    const response = await metadata([{ name: 'auto' }]);
    expect(response.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(response.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.broker.port, rack: null }]);
    expect(response.controllerId).toBe(1);
    const topic = response.topics[0];
    expect(topic).toMatchObject({ errorCode: 0, name: 'auto', isInternal: false });
    expect(topic.partitions.map((p) => [p.partitionIndex, p.leaderId, p.replicaNodes, p.isrNodes])).toEqual([
      [0, 1, [1], [1]], [1, 1, [1], [1]], [2, 1, [1], [1]]]);
    // v10+ can look a topic up by its id.
    const byId = await metadata([{ name: null, topicId: topic.topicId }]);
    expect(byId.topics[0]).toMatchObject({ errorCode: 0, name: 'auto' });
  });

  test('does not create topics when the client says not to', async () => {
    const response = await metadata([{ name: 'not-created' }], false);
    expect(response.topics[0]).toMatchObject({ errorCode: 3, name: 'not-created' });
    expect((await metadata(null)).topics.map((t) => t.name)).not.toContain('not-created');
  });

  test('rejects invalid topic names with INVALID_TOPIC_EXCEPTION (17)', async () => {
    expect((await metadata([{ name: 'bad/name' }])).topics[0].errorCode).toBe(17);
  });

  test('v0 answers with the same topics in the old encoding', async () => {
    const response = await metadata([{ name: 'auto' }], true, 0);
    expect(response.topics[0].partitions).toHaveLength(3);
  });
});

describe('CreateTopics', () => {
  const create = (topic: Record<string, unknown>, validateOnly = false) => client.call(19, 7, encodeCreateTopicsRequest,
    decodeCreateTopicsResponse, {
      topics: [{ numPartitions: -1, replicationFactor: -1, assignments: [], configs: [], ...topic } as never],
      timeoutMs: 5000, validateOnly,
    }).then((r) => r.topics[0]);

  test('creates a topic with configs and reports its effective configs', async () => {
    const result = await create({ name: 'orders', numPartitions: 2, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    expect(result).toMatchObject({ errorCode: 0, numPartitions: 2, replicationFactor: 1 });
    expect(result.configs?.find((c) => c.name === 'cleanup.policy')).toMatchObject({ value: 'compact', configSource: 1 });
    expect(result.configs?.find((c) => c.name === 'retention.ms')).toMatchObject({ value: String(48 * 3600_000), configSource: 4 });
    expect(result.configs?.find((c) => c.name === 'segment.bytes')).toMatchObject({ value: '1073741824', configSource: 5 });
  });

  test('validate-only creates nothing', async () => {
    expect(await create({ name: 'dry-run', numPartitions: 4 }, true)).toMatchObject({ errorCode: 0, numPartitions: 4 });
    expect((await metadata([{ name: 'dry-run' }], false)).topics[0].errorCode).toBe(3);
  });

  test.each([
    [{ name: 'orders' }, 36, "Topic 'orders' already exists."],
    [{ name: 'bad name' }, 17, undefined],
    [{ name: 'zero', numPartitions: 0 }, 37, 'Number of partitions must be larger than 0.'],
    [{ name: 'replicated', replicationFactor: 3 }, 38, undefined],
    [{ name: 'badconfig', configs: [{ name: 'retention.ms', value: 'soon' }] }, 40, undefined],
    [{ name: 'unknownconfig', configs: [{ name: 'no.such.config', value: '1' }] }, 40, 'Unknown topic config name: no.such.config'],
    [{ name: 'assigned', assignments: [{ partitionIndex: 0, brokerIds: [2] }] }, 39, undefined],
  ])('%o fails with error %i', async (topic, code, message) => {
    const result = await create(topic);
    expect(result.errorCode).toBe(code);
    if (message) expect(result.errorMessage).toBe(message);
  });
});

describe('configs', () => {
  test('DescribeConfigs shows overrides, broker synonyms and defaults with their sources', async () => {
    await createTopic(client, 'described', 1, { 'retention.ms': '1000' });
    const result = await describeTopicConfigs('described', ['retention.ms', 'segment.bytes']);
    expect(result.errorCode).toBe(0);
    expect(result.configs.map((c) => [c.name, c.value, c.configSource, c.readOnly])).toEqual([
      ['retention.ms', '1000', 1, false], ['segment.bytes', '1073741824', 5, false]]);
    expect(result.configs[0].synonyms.map((s) => [s.name, s.value, s.source])).toEqual([
      ['retention.ms', '1000', 1], ['log.retention.hours', String(48 * 3600_000), 4], ['retention.ms', '604800000', 5]]);
    expect(result.configs[0].configType).toBe(5);
    expect(result.configs[0].documentation).toMatch(/retained/);
  });

  test('DescribeConfigs on an unknown topic is UNKNOWN_TOPIC_OR_PARTITION (3)', async () => {
    expect((await describeTopicConfigs('nope')).errorCode).toBe(3);
  });

  test('DescribeConfigs on the broker lists its settings', async () => {
    const response = await client.call(32, 4, encodeDescribeConfigsRequest, decodeDescribeConfigsResponse, {
      resources: [{ resourceType: 4, resourceName: '1', configurationKeys: ['num.partitions', 'log.retention.hours'] }],
      includeSynonyms: false, includeDocumentation: false,
    });
    expect(response.results[0].configs.map((c) => [c.name, c.value, c.configSource])).toEqual([
      ['num.partitions', '3', 4], ['log.retention.hours', '48', 4]]);
  });

  test('AlterConfigs replaces the overrides; IncrementalAlterConfigs changes single entries', async () => {
    await createTopic(client, 'altered', 1, { 'retention.ms': '1000', 'segment.bytes': '100000' });
    const alter = await client.call(33, 2, encodeAlterConfigsRequest, decodeAlterConfigsResponse, {
      resources: [{ resourceType: 2, resourceName: 'altered', configs: [{ name: 'retention.ms', value: '2000' }] }], validateOnly: false,
    });
    expect(alter.responses[0].errorCode).toBe(0);
    let configs = (await describeTopicConfigs('altered', ['retention.ms', 'segment.bytes'])).configs;
    expect(configs.map((c) => [c.name, c.value, c.configSource])).toEqual([['retention.ms', '2000', 1], ['segment.bytes', '1073741824', 5]]);

    const incremental = await client.call(44, 1, encodeIncrementalAlterConfigsRequest, decodeIncrementalAlterConfigsResponse, {
      resources: [{ resourceType: 2, resourceName: 'altered', configs: [
        { name: 'retention.ms', configOperation: 1, value: null },
        { name: 'cleanup.policy', configOperation: 2, value: 'compact' },
      ] }], validateOnly: false,
    });
    expect(incremental.responses[0].errorCode).toBe(0);
    configs = (await describeTopicConfigs('altered', ['retention.ms', 'cleanup.policy'])).configs;
    expect(configs.map((c) => [c.name, c.value])).toEqual([['cleanup.policy', 'delete,compact'], ['retention.ms', String(48 * 3600_000)]]);

    const invalid = await client.call(44, 1, encodeIncrementalAlterConfigsRequest, decodeIncrementalAlterConfigsResponse, {
      resources: [{ resourceType: 2, resourceName: 'altered', configs: [{ name: 'segment.bytes', configOperation: 0, value: '-5' }] }],
      validateOnly: false,
    });
    expect(invalid.responses[0]).toMatchObject({ errorCode: 40 });
  });
});

describe('topics and records', () => {
  test('CreatePartitions grows a topic and refuses to shrink it', async () => {
    await createTopic(client, 'growing', 2);
    const grow = (count: number) => client.call(37, 3, encodeCreatePartitionsRequest, decodeCreatePartitionsResponse, {
      topics: [{ name: 'growing', count, assignments: null }], timeoutMs: 5000, validateOnly: false,
    }).then((r) => r.results[0]);
    expect(await grow(5)).toMatchObject({ errorCode: 0 });
    expect((await metadata([{ name: 'growing' }])).topics[0].partitions).toHaveLength(5);
    expect(await grow(3)).toMatchObject({ errorCode: 37, errorMessage: 'Topic currently has 5 partitions, which is higher than the requested 3.' });
  });

  test('DeleteTopics removes a topic by name and by id', async () => {
    const a = await createTopic(client, 'doomed-a');
    await createTopic(client, 'doomed-b');
    const response = await client.call(20, 6, encodeDeleteTopicsRequest, decodeDeleteTopicsResponse, {
      topics: [{ name: null, topicId: a.topicId }, { name: 'doomed-b', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }, { name: 'never-was', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      topicNames: [], timeoutMs: 5000,
    });
    expect(response.responses.map((r) => [r.name, r.errorCode])).toEqual([['doomed-a', 0], ['doomed-b', 0], ['never-was', 3]]);
    expect((await metadata([{ name: 'doomed-a' }, { name: 'doomed-b' }], false)).topics.map((t) => t.errorCode)).toEqual([3, 3]);
  });

  test('ListOffsets finds earliest, latest, max timestamp and offsets by timestamp; DeleteRecords moves the start', async () => {
    await createTopic(client, 'timeline');
    for (const [i, ts] of [1000, 2000, 3000].entries()) {
      await produce(client, 'timeline', 0, encodeBatch([{ value: Buffer.from(`v${i}`), timestamp: ts }]));
    }
    const list = (timestamp: number, version = 10) => client.call(2, version, encodeListOffsetsRequest, decodeListOffsetsResponse, {
      replicaId: -1, isolationLevel: 0, timeoutMs: 1000,
      topics: [{ name: 'timeline', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }],
    }).then((r) => r.topics[0].partitions[0]);
    expect(await list(-2)).toMatchObject({ errorCode: 0, offset: 0 });
    expect(await list(-1)).toMatchObject({ errorCode: 0, offset: 3 });
    expect(await list(-3)).toMatchObject({ errorCode: 0, offset: 2, timestamp: 3000 });
    expect(await list(1500)).toMatchObject({ errorCode: 0, offset: 1, timestamp: 2000 });
    expect(await list(9999)).toMatchObject({ errorCode: 0, offset: -1, timestamp: -1 });

    const deleted = await client.call(21, 2, encodeDeleteRecordsRequest, decodeDeleteRecordsResponse, {
      topics: [{ name: 'timeline', partitions: [{ partitionIndex: 0, offset: 2 }] }], timeoutMs: 1000,
    });
    expect(deleted.topics[0].partitions[0]).toMatchObject({ errorCode: 0, lowWatermark: 2 });
    expect(await list(-2)).toMatchObject({ offset: 2 });
  });
});

describe('cluster and producers', () => {
  test('DescribeCluster names this node as broker and controller', async () => {
    const response = await client.call(60, 1, encodeDescribeClusterRequest, decodeDescribeClusterResponse,
      { includeClusterAuthorizedOperations: false, endpointType: 1 });
    expect(response).toMatchObject({ errorCode: 0, controllerId: 1, brokers: [{ brokerId: 1, host: '127.0.0.1', port: broker.broker.port }] });
  });

  test('InitProducerId hands out distinct ids that stay distinct across a restart', async () => {
    const init = (c: WireClient) => c.call(22, 4, encodeInitProducerIdRequest, decodeInitProducerIdResponse,
      { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 });
    const first = await init(client);
    const second = await init(client);
    expect(first).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(second.producerId).not.toBe(first.producerId);
    client.close();
    await broker.restart();
    client = await WireClient.connect(broker.broker.port);
    const third = await init(client);
    expect(third.producerId).toBeGreaterThan(second.producerId);
  });

  test('topics, topic ids and the cluster id survive a restart', async () => {
    const before = await metadata([{ name: 'orders' }], false);
    client.close();
    await broker.restart();
    client = await WireClient.connect(broker.broker.port);
    const after = await metadata([{ name: 'orders' }], false);
    expect(after.clusterId).toBe(before.clusterId);
    expect(after.topics[0]).toMatchObject({ errorCode: 0, topicId: before.topics[0].topicId });
    expect(after.topics[0].partitions).toHaveLength(2);
  });
});

test('ListOffsets by timestamp works for batches whose producer left maxTimestamp at -1', async () => {
  const { CRC_OFFSET, MAX_TIMESTAMP_OFFSET } = await import('../../../broker/protocol/records/batch-header.ts');
  const { computeBatchCrc } = await import('../../../broker/protocol/records/batch-rewrite.ts');
  await createTopic(client, 'no-max-timestamp');
  for (const ts of [1000, 2000, 3000]) {
    const batch = encodeBatch([{ value: Buffer.from(`v${ts}`), timestamp: ts }]);
    batch.writeBigInt64BE(-1n, MAX_TIMESTAMP_OFFSET);
    batch.writeUInt32BE(computeBatchCrc(batch, 0), CRC_OFFSET);
    expect((await produce(client, 'no-max-timestamp', 0, batch)).errorCode).toBe(0);
  }
  const response = await client.call(2, 7, encodeListOffsetsRequest, decodeListOffsetsResponse, {
    replicaId: -1, isolationLevel: 0, timeoutMs: 0,
    topics: [{ name: 'no-max-timestamp', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: 1500, maxNumOffsets: 1 }] }],
  });
  expect(response.topics[0].partitions[0]).toMatchObject({ errorCode: 0, offset: 1, timestamp: 2000 });
});
