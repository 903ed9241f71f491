// Idempotence on the wire, across restarts: a producer id from InitProducerId, batches with
// sequences, then the broker restarts (cleanly, and by kill -9) and the producer resends its last
// batch as if the response had been lost. The broker answers with the original offset and no
// error, and the topic holds the batch once. Also the error codes a client sees for a gap and for
// a fenced epoch.
import { afterAll, afterEach, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeInitProducerIdResponse, encodeInitProducerIdRequest } from '../../../broker/protocol/generated/init-producer-id.ts';
import { ErrorCodes } from '../../../broker/protocol/errors.ts';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { startBrokerProcess } from '../../support/broker-process.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';

let broker: TempBroker | null = null;
const clients: WireClient[] = [];
const dataDirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await broker?.stop();
  broker = null;
});
afterAll(() => { for (const d of dataDirs) rmSync(d, { recursive: true, force: true }); });

async function connect(port: number): Promise<WireClient> {
  const client = await WireClient.connect(port);
  clients.push(client);
  return client;
}

async function initProducerId(client: WireClient, current = { producerId: -1, producerEpoch: -1 }) {
  return client.call(22, 4, encodeInitProducerIdRequest, decodeInitProducerIdResponse, { transactionalId: null, transactionTimeoutMs: 60_000, ...current });
}

function batch(producer: { producerId: number; producerEpoch: number }, baseSequence: number, values: string[]): Buffer {
  return encodeBatch(values.map((v) => ({ value: Buffer.from(v) })), { ...producer, baseSequence });
}

async function topicValues(client: WireClient, topic: string): Promise<string[]> {
  const records = (await fetch(client, topic, 0, 0)).responses[0].partitions[0].records as Buffer;
  return [...iterateBatches(records)].flatMap((b) => decodeBatch(b.bytes).records.map((r) => r.value!.toString()));
}

test('after a clean restart a resent batch gets its original offset and is not stored twice', async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  let client = await connect(broker.broker.port);
  await createTopic(client, 'dedup');
  const producer = await initProducerId(client);
  expect(producer).toMatchObject({ errorCode: 0, producerEpoch: 0 });
  expect(await produce(client, 'dedup', 0, batch(producer, 0, ['a', 'b']))).toMatchObject({ errorCode: 0, baseOffset: 0 });
  expect(await produce(client, 'dedup', 0, batch(producer, 2, ['c']))).toMatchObject({ errorCode: 0, baseOffset: 2 });

  // Broker.close waits for its listeners, which wait for open connections: close ours first.
  client.close();
  await broker.restart();
  client = await connect(broker.broker.port);
  expect(await produce(client, 'dedup', 0, batch(producer, 0, ['a', 'b']))).toMatchObject({ errorCode: 0, baseOffset: 0 });
  expect(await produce(client, 'dedup', 0, batch(producer, 2, ['c']))).toMatchObject({ errorCode: 0, baseOffset: 2 });
  expect(await produce(client, 'dedup', 0, batch(producer, 3, ['d']))).toMatchObject({ errorCode: 0, baseOffset: 3 });
  expect(await topicValues(client, 'dedup')).toEqual(['a', 'b', 'c', 'd']);
});

test('a gap and a fenced epoch get OUT_OF_ORDER_SEQUENCE_NUMBER and INVALID_PRODUCER_EPOCH', async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  const client = await connect(broker.broker.port);
  await createTopic(client, 'rules');
  const first = await initProducerId(client);
  expect(await produce(client, 'rules', 0, batch(first, 0, ['a']))).toMatchObject({ errorCode: 0 });
  expect(await produce(client, 'rules', 0, batch(first, 2, ['gap']))).toMatchObject({ errorCode: ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER, baseOffset: -1 });

  // Without a transactional id, InitProducerId always hands out a fresh id (as Kafka does).
  const again = await initProducerId(client, first);
  expect(again).toMatchObject({ errorCode: 0, producerEpoch: 0 });
  expect(again.producerId).not.toBe(first.producerId);
  // A bumped epoch of the same id (as a transaction coordinator would give) starts at sequence 0
  // and fences the old epoch.
  const bumped = { producerId: first.producerId, producerEpoch: 1 };
  expect(await produce(client, 'rules', 0, batch(bumped, 0, ['b']))).toMatchObject({ errorCode: 0, baseOffset: 1 });
  expect(await produce(client, 'rules', 0, batch(first, 1, ['zombie']))).toMatchObject({ errorCode: ErrorCodes.INVALID_PRODUCER_EPOCH });
  expect(await topicValues(client, 'rules')).toEqual(['a', 'b']);
});

test('after kill -9 (no shutdown snapshot) the state is rebuilt from the log and a resend is recognised', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-idempotence-'));
  dataDirs.push(dataDir);
  const first = await startBrokerProcess(dataDir, { 'auto.create.topics.enable': 'false' });
  let client = await connect(first.port);
  await createTopic(client, 'crash');
  const producer = await initProducerId(client);
  for (let seq = 0; seq < 5; seq++) {
    expect(await produce(client, 'crash', 0, batch(producer, seq, [`v${seq}`]), -1)).toMatchObject({ errorCode: 0, baseOffset: seq });
  }
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await startBrokerProcess(dataDir);
  try {
    client = await connect(second.port);
    for (let seq = 0; seq < 5; seq++) {
      expect(await produce(client, 'crash', 0, batch(producer, seq, [`v${seq}`]), -1)).toMatchObject({ errorCode: 0, baseOffset: seq });
    }
    expect(await topicValues(client, 'crash')).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  } finally {
    client.close();
    second.child.kill('SIGTERM');
    await second.exited;
  }
});
