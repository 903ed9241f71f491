// The broker-wide compression.type default reaches topics over the wire; a topic override wins;
// __consumer_offsets is created with compression.type=producer, as Kafka's coordinator creates it.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { OFFSETS_TOPIC } from '../../../broker/coordinator/offsets-topic.ts';
import * as offsetCommit from '../../../broker/protocol/generated/offset-commit.ts';
import { compressionCodecOf } from '../../../broker/protocol/records/batch-header.ts';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let client: WireClient;
beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false', 'compression.type': 'gzip' });
  client = await WireClient.connect(broker.broker.port);
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

const values = ['one '.repeat(40), 'two '.repeat(40)];
const batch = () => encodeBatch(values.map((v, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(v) })), { compression: 'snappy' });

async function storedBatch(topic: string): Promise<Buffer> {
  return (await fetch(client, topic, 0, 0)).responses[0].partitions[0].records as Buffer;
}

test('a topic without an override takes the broker default: a snappy batch is stored gzip', async () => {
  expect((await createTopic(client, 'inherits')).errorCode).toBe(0);
  expect(await produce(client, 'inherits', 0, batch())).toMatchObject({ errorCode: 0, baseOffset: 0 });
  const stored = await storedBatch('inherits');
  const decoded = decodeBatch(stored);
  expect(compressionCodecOf(decoded.header.attributes)).toBe('gzip');
  expect(decoded.records.map((r) => [r.offset, r.key?.toString(), r.value?.toString()])).toEqual([[0, 'k0', values[0]], [1, 'k1', values[1]]]);
});

test('a topic override compression.type=producer keeps the producer bytes', async () => {
  expect((await createTopic(client, 'as-produced', 1, { 'compression.type': 'producer' })).errorCode).toBe(0);
  const produced = batch();
  await produce(client, 'as-produced', 0, Buffer.from(produced));
  expect(await storedBatch('as-produced')).toEqual(produced);
});

test('__consumer_offsets is created with compression.type=producer', async () => {
  const response = await client.call(8, 8, offsetCommit.encodeOffsetCommitRequest, offsetCommit.decodeOffsetCommitResponse, {
    groupId: 'g', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: 'inherits', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
  });
  expect(response.topics[0].partitions[0].errorCode).toBe(0);
  expect(broker.broker.context.logs.partition(OFFSETS_TOPIC, 0)?.settings.compressionType).toBe('producer');
});
