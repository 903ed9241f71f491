// Produce requests framed by produce-request.ts in every version it writes (v3–v8 classic,
// v9–v11 flexible), sent over the client library's connection to the bundled broker (which
// implements every version): each is answered with its partition's base offset and the records
// read back as sent.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Producer, kGetConnection, type Broker, type Connection } from '@platformatic/kafka';
import { KafkaAdmin } from '../../../runtime/kafka/admin.ts';
import { AssignedConsumer } from '../../../runtime/kafka/assigned-consumer.ts';
import { clientOptionsFrom } from '../../../runtime/kafka/client-config.ts';
import { sendProduce } from '../../../runtime/kafka/produce-request.ts';
import { encodeRecordBatch, NO_IDENTITY } from '../../../runtime/kafka/record-batch-encoder.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let client: Producer;
let connection: Connection;
const options = () => clientOptionsFrom({ 'bootstrap.servers': `127.0.0.1:${broker.broker.port}` }, 'produce-request-test');

beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  const admin = new KafkaAdmin(options());
  await admin.createTopic({ name: 'versions', partitions: 2, replicationFactor: 1 });
  await admin.close();
  client = new Producer({ ...options(), retries: false });
  const metadata = await client.metadata({ topics: ['versions'] });
  connection = await new Promise((resolve, reject) => client[kGetConnection](metadata.brokers.get(metadata.topics.get('versions')!.partitions[0].leader) as Broker,
    (error, c) => (error ? reject(error) : resolve(c!))));
});
afterAll(async () => {
  await client.close();
  await broker.stop();
});

test('every version from 3 to 11: two partitions in one request, each answered with its base offset; the records read back as sent', async () => {
  const sent: string[] = [];
  for (let version = 3; version <= 11; version++) {
    const batches = [0, 1].map((partition) => {
      const records = [0, 1].map((n) => ({ topic: 'versions', key: Buffer.from(`v${version}`), value: Buffer.from(`v${version} p${partition} r${n}`) }));
      sent.push(...records.map((r) => r.value.toString()));
      return { topic: 'versions', partition, batch: encodeRecordBatch(records, [1_700_000_000_000, 1_700_000_000_001], [0, 1], NO_IDENTITY, 'none') };
    });
    const response = await sendProduce(connection, version, -1, 30_000, batches);
    expect(response!.responses.map((t) => [t.name, t.partitionResponses.map((p) => [p.index, p.errorCode, Number(p.baseOffset)])]))
      .toEqual([['versions', [[0, 0, (version - 3) * 2], [1, 0, (version - 3) * 2]]]]);
  }
  const reader = new AssignedConsumer(options(), { maxWaitMs: 50 });
  reader.assign({ topic: 'versions', partition: 0 }, 0);
  reader.assign({ topic: 'versions', partition: 1 }, 0);
  const read: string[] = [];
  while (read.length < sent.length) read.push(...(await reader.poll()).map((r) => r.value!.toString()));
  await reader.close();
  expect(read.sort()).toEqual([...sent].sort());
});

test('acks=0: no answer is awaited (null), and the records land', async () => {
  const records = [{ topic: 'versions', key: null, value: Buffer.from('fire and forget') }];
  expect(await sendProduce(connection, 11, 0, 30_000, [{ topic: 'versions', partition: 1, batch: encodeRecordBatch(records, [Date.now()], [0], NO_IDENTITY, 'none') }])).toBeNull();
  // Nothing tells when it is written: ask until partition 1 holds it (9 versions × 2 records before it).
  const reader = new AssignedConsumer(options(), { maxWaitMs: 50 });
  let end = 0;
  for (let i = 0; i < 50 && end < 19; i++) [, end] = await reader.endOffsets('versions');
  await reader.close();
  expect(end).toBe(19);
});
