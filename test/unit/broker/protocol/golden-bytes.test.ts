// Bytes written by hand from the protocol spec, checked against the generated codecs.
import { describe, expect, test } from '@jest/globals';
import {
  decodeApiVersionsRequest, decodeApiVersionsResponse, encodeApiVersionsResponse, type ApiVersionsResponse,
} from '../../../../broker/protocol/generated/api-versions.ts';
import { decodeMetadataRequest, encodeMetadataRequest } from '../../../../broker/protocol/generated/metadata.ts';
import { decodeProduceRequest, encodeProduceRequest } from '../../../../broker/protocol/generated/produce.ts';
import { encodeResponseHeader, parseRequestFrame } from '../../../../broker/protocol/headers.ts';
import { responseHeaderVersion } from '../../../../broker/protocol/generated/api-keys.ts';
import { Reader } from '../../../../broker/protocol/reader.ts';
import { Writer } from '../../../../broker/protocol/writer.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function encoded(fn: (w: Writer) => void): string {
  const w = new Writer();
  fn(w);
  return w.toBuffer().toString('hex');
}

describe('ApiVersions', () => {
  test('v0 request: header v1 (client id) and an empty body', () => {
    const frame = hex('0012 0000 00000001 0002 6162');
    const { header, body, supported } = parseRequestFrame(frame);
    expect(header).toEqual({ apiKey: 18, apiVersion: 0, correlationId: 1, clientId: 'ab', headerVersion: 1 });
    expect(supported).toBe(true);
    expect(decodeApiVersionsRequest(body, 0)).toEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
    expect(body.remaining).toBe(0);
  });

  test('v3 request: header v2 (client id stays int16-length, then tagged fields), compact strings', () => {
    const frame = hex('0012 0003 00000007 0002 6162 00' + '05 6b636174 04 312e30 00');
    const { header, body } = parseRequestFrame(frame);
    expect(header).toEqual({ apiKey: 18, apiVersion: 3, correlationId: 7, clientId: 'ab', headerVersion: 2 });
    expect(decodeApiVersionsRequest(body, 3)).toEqual({ clientSoftwareName: 'kcat', clientSoftwareVersion: '1.0' });
    expect(body.remaining).toBe(0);
  });

  const response: ApiVersionsResponse = {
    errorCode: 0,
    apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1,
    finalizedFeatures: [],
    zkMigrationReady: false,
  };

  test('v0 response: int32 array count, no throttle time, header v0', () => {
    const bytes = encoded((w) => {
      encodeResponseHeader(w, responseHeaderVersion(18, 0), 1);
      encodeApiVersionsResponse(w, 0, response);
    });
    expect(bytes).toBe('00000001' + '0000' + '00000001 0012 0000 0004'.replace(/ /g, ''));
  });

  test('v3 response keeps response header v0 (no tagged fields after the correlation id)', () => {
    expect(responseHeaderVersion(18, 3)).toBe(0);
    expect(responseHeaderVersion(3, 12)).toBe(1);
    const bytes = encoded((w) => {
      encodeResponseHeader(w, responseHeaderVersion(18, 3), 7);
      encodeApiVersionsResponse(w, 3, response);
    });
    expect(bytes).toBe('00000007' + '0000' + '02 0012 0000 0004 00'.replace(/ /g, '') + '00000000' + '00');
  });

  test('v3 response with a tagged field set writes only that tag', () => {
    const bytes = encoded((w) => encodeApiVersionsResponse(w, 3, { ...response, apiKeys: [], finalizedFeaturesEpoch: 5 }));
    expect(bytes).toBe('0000' + '01' + '00000000' + '01 01 08 0000000000000005'.replace(/ /g, ''));
  });

  test('known tags are decoded, unknown tags skipped', () => {
    // Tagged section: 3 fields: tag 1 (epoch = 9), tag 3 (zkMigrationReady = true), tag 42 (unknown, 2 bytes).
    const body = hex('0000 01 00000000' + '03 01 08 0000000000000009 03 01 01 2a 02 abcd');
    const r = new Reader(body);
    expect(decodeApiVersionsResponse(r, 3)).toEqual({ ...response, apiKeys: [], finalizedFeaturesEpoch: 9, zkMigrationReady: true });
    expect(r.remaining).toBe(0);
  });
});

describe('Metadata', () => {
  const request = { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 't' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };

  test('v1 request: int32 array count, int16-length string, no tagged fields', () => {
    const bytes = encoded((w) => encodeMetadataRequest(w, 1, request));
    expect(bytes).toBe('00000001 0001 74'.replace(/ /g, ''));
    expect(decodeMetadataRequest(new Reader(hex(bytes)), 1)).toEqual(request);
  });

  test('v1 request: null topics (all topics) is int32 -1', () => {
    expect(encoded((w) => encodeMetadataRequest(w, 1, { ...request, topics: null }))).toBe('ffffffff');
  });

  test('v12 request: compact array and strings, topic id, tagged-field sections', () => {
    const bytes = encoded((w) => encodeMetadataRequest(w, 12, request));
    expect(bytes).toBe(('02' + '00'.repeat(16) + '02 74 00' + '01 00 00').replace(/ /g, ''));
    expect(decodeMetadataRequest(new Reader(hex(bytes)), 12)).toEqual(request);
  });

  test('a field absent from a version must keep its default unless ignorable', () => {
    // AllowAutoTopicCreation (v4+) is not ignorable: false cannot be said in v1.
    expect(() => encoded((w) => encodeMetadataRequest(w, 1, { ...request, allowAutoTopicCreation: false }))).toThrow(/allowAutoTopicCreation/);
  });
});

describe('Produce', () => {
  const records = Buffer.from('0102030405', 'hex');
  const request = { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records }] }] };

  test('v3 request: nullable transactional id, int32-length records blob', () => {
    const bytes = encoded((w) => encodeProduceRequest(w, 3, request));
    expect(bytes).toBe('ffff ffff 000003e8 00000001 0001 74 00000001 00000000 00000005 0102030405'.replace(/ /g, ''));
  });

  test('v9 request: compact encodings, records length as varint + 1, chunks written without copying', () => {
    const w = new Writer();
    encodeProduceRequest(w, 9, { ...request, transactionalId: 'tx', topicData: [{ name: 't', partitionData: [{ index: 0, records: [records.subarray(0, 2), records.subarray(2)] }] }] });
    expect(w.toBuffer().toString('hex')).toBe('03 7478 ffff 000003e8 02 02 74 02 00000000 06 0102030405 00 00 00'.replace(/ /g, ''));
    const chunks = w.toChunks();
    expect(chunks.some((c) => c.buffer === records.buffer && c.byteOffset === records.byteOffset)).toBe(true);
    expect(w.length).toBe(w.toBuffer().length);
  });

  test('the decoded records blob is a view of the request frame, not a copy', () => {
    const frame = hex('ffff ffff 000003e8 00000001 0001 74 00000001 00000000 00000005 0102030405');
    const decoded = decodeProduceRequest(new Reader(frame), 3);
    const blob = decoded.topicData[0].partitionData[0].records!;
    expect(blob.toString('hex')).toBe('0102030405');
    expect(blob.buffer).toBe(frame.buffer);
    frame[frame.length - 1] = 0xff;
    expect(blob[4]).toBe(0xff);
  });
});
