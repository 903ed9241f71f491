import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeApiVersionsResponse, encodeApiVersionsRequest } from '../../../broker/protocol/generated/api-versions.ts';
import { decodeMetadataResponse, encodeMetadataRequest } from '../../../broker/protocol/generated/metadata.ts';
import { encodeProduceRequest } from '../../../broker/protocol/generated/produce.ts';
import { allHandlers } from '../../../broker/server/handlers/index.ts';
import { WireClient } from '../../support/wire-client.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
beforeAll(async () => { broker = await startTempBroker(); });
afterAll(async () => { await broker.stop(); });

const request = { clientSoftwareName: 'wire-test', clientSoftwareVersion: '1.0' };

describe('ApiVersions', () => {
  test.each([0, 1, 2, 3, 4])('v%i lists exactly the APIs that have handlers', async (version) => {
    const client = await WireClient.connect(broker.broker.port);
    const response = await client.call(18, version, encodeApiVersionsRequest, decodeApiVersionsResponse, request);
    client.close();
    expect(response.errorCode).toBe(0);
    const expected = allHandlers().map((h) => ({ apiKey: h.apiKey, minVersion: h.advertisedMinVersion ?? h.minVersion, maxVersion: h.maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
    expect(response.apiKeys).toEqual(expected);
    // Produce is served from v3 but advertised from v0, as Kafka 4 does (KAFKA-18659: librdkafka).
    expect(response.apiKeys.find((k) => k.apiKey === 0)).toEqual({ apiKey: 0, minVersion: 0, maxVersion: 11 });
  });

  test('an unknown ApiVersions version gets a v0 response with UNSUPPORTED_VERSION (35)', async () => {
    const client = await WireClient.connect(broker.broker.port);
    const frame = await client.send(18, 77, encodeApiVersionsRequest, request);
    client.close();
    // Response header v0 (correlation id only), then the v0 body: error code first.
    expect(frame.readInt32BE(0)).toBe(1);
    expect(frame.readInt16BE(4)).toBe(35);
    const count = frame.readInt32BE(6);
    expect(count).toBe(allHandlers().length);
  });

  test('an invalid client software name is INVALID_REQUEST (42)', async () => {
    const client = await WireClient.connect(broker.broker.port);
    const response = await client.call(18, 3, encodeApiVersionsRequest, decodeApiVersionsResponse,
      { clientSoftwareName: '-bad name-', clientSoftwareVersion: '1' });
    client.close();
    expect(response.errorCode).toBe(42);
  });

  test('an unknown API key closes the connection', async () => {
    const client = await WireClient.connect(broker.broker.port);
    await expect(client.send(999, 0, () => undefined, {})).rejects.toThrow('connection closed');
  });

  test('an unsupported version of a known API (Produce v2, though advertised) closes the connection', async () => {
    const client = await WireClient.connect(broker.broker.port);
    await expect(client.send(0, 2, encodeProduceRequest, { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [] }))
      .rejects.toThrow('connection closed');
  });

  test('pipelined requests are answered in order', async () => {
    const client = await WireClient.connect(broker.broker.port);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => i % 2 === 0
      ? client.call(18, 3, encodeApiVersionsRequest, decodeApiVersionsResponse, request).then(() => 'versions')
      : client.call(3, 12, encodeMetadataRequest, decodeMetadataResponse,
        { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false })
        .then(() => 'metadata')));
    client.close();
    expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 'versions' : 'metadata')));
  });
});
