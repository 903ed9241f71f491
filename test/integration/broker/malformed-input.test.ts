// Thousands of random and truncated frames: the broker must answer or close each connection,
// never crash, and afterwards still serve clients with its log intact.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { connect } from 'node:net';
import { encodeApiVersionsRequest } from '../../../broker/protocol/generated/api-versions.ts';
import { encodeMetadataRequest } from '../../../broker/protocol/generated/metadata.ts';
import { encodeProduceRequest } from '../../../broker/protocol/generated/produce.ts';
import { requestHeaderVersion } from '../../../broker/protocol/generated/api-keys.ts';
import { encodeRequestHeader } from '../../../broker/protocol/generated/request-header.ts';
import { Writer } from '../../../broker/protocol/writer.ts';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
beforeAll(async () => { broker = await startTempBroker({ 'socket.request.max.bytes': '1048576' }); });
afterAll(async () => { await broker.stop(); });

// A small deterministic PRNG so a failure can be replayed.
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function frame(apiKey: number, version: number, encode: (w: Writer, v: number) => void): Buffer {
  const w = new Writer();
  encodeRequestHeader(w, requestHeaderVersion(apiKey, version), { requestApiKey: apiKey, requestApiVersion: version, correlationId: 7, clientId: 'fuzz' });
  encode(w, version);
  const body = w.toBuffer();
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Sends bytes on a fresh connection and resolves when the broker answered or closed, or after a pause. */
function sendAndSettle(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ port: broker.broker.port, host: '127.0.0.1' }, () => socket.end(bytes));
    const done = () => { socket.destroy(); resolve(); };
    socket.on('data', () => undefined);
    socket.on('close', done);
    socket.on('error', done);
    setTimeout(done, 200);
  });
}

test('random and truncated frames never break the broker or its log', async () => {
  const client = await WireClient.connect(broker.broker.port);
  await createTopic(client, 'survivor');
  const batch = encodeBatch([{ key: Buffer.from('k'), value: Buffer.from('precious') }]);
  expect((await produce(client, 'survivor', 0, Buffer.from(batch))).errorCode).toBe(0);

  const valid = [
    frame(18, 3, (w, v) => encodeApiVersionsRequest(w, v, { clientSoftwareName: 'a', clientSoftwareVersion: '1' })),
    frame(3, 12, (w, v) => encodeMetadataRequest(w, v, { topics: [{ name: 'survivor', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false })),
    frame(0, 9, (w, v) => encodeProduceRequest(w, v, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 'survivor', partitionData: [{ index: 0, records: batch }] }] })),
  ];
  const random = prng(42);
  const inputs: Buffer[] = [];
  for (let i = 0; i < 1500; i++) {
    const length = Math.floor(random() * 64);
    const junk = Buffer.alloc(4 + length);
    junk.writeInt32BE(length, 0);
    for (let j = 4; j < junk.length; j++) junk[j] = Math.floor(random() * 256);
    // Half the junk frames start with a real api key and version so they reach the body decoders.
    if (length >= 4 && i % 2 === 0) {
      junk.writeInt16BE(Math.floor(random() * 70), 4);
      junk.writeInt16BE(Math.floor(random() * 13), 6);
    }
    inputs.push(junk);
  }
  for (const v of valid) {
    // Every truncation of a valid frame, with the size prefix fixed up to match.
    for (let cut = 5; cut < v.length; cut++) {
      const truncated = Buffer.from(v.subarray(0, cut));
      truncated.writeInt32BE(cut - 4, 0);
      inputs.push(truncated);
    }
    // Bit flips inside the body.
    for (let k = 0; k < 200; k++) {
      const flipped = Buffer.from(v);
      flipped[4 + Math.floor(random() * (v.length - 4))] ^= 1 << Math.floor(random() * 8);
      inputs.push(flipped);
    }
  }
  // Oversize and negative sizes.
  inputs.push(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0]), Buffer.from([0xff, 0xff, 0xff, 0xfe]));
  expect(inputs.length).toBeGreaterThan(2000);

  for (let i = 0; i < inputs.length; i += 50) {
    await Promise.all(inputs.slice(i, i + 50).map(sendAndSettle));
  }

  // The broker still serves, and the record produced first is still the first record.
  const after = await WireClient.connect(broker.broker.port);
  const response = await fetch(after, 'survivor', 0, 0);
  const records = response.responses[0].partitions[0].records as Buffer;
  expect(decodeBatch(records.subarray(0, batch.length)).records[0].value?.toString()).toBe('precious');
  expect((await produce(after, 'survivor', 0, encodeBatch([{ value: Buffer.from('still works') }]))).errorCode).toBe(0);
  after.close();
  client.close();
}, 120_000);
