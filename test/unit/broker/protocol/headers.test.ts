import { describe, expect, test } from '@jest/globals';
import { ApiKeys, apiInfo, requestHeaderVersion, responseHeaderVersion } from '../../../../broker/protocol/generated/api-keys.ts';
import { encodeRequestHeader } from '../../../../broker/protocol/generated/request-header.ts';
import { encodeResponseHeader, parseRequestFrame } from '../../../../broker/protocol/headers.ts';
import { ProtocolDecodeError } from '../../../../broker/protocol/reader.ts';
import { Writer } from '../../../../broker/protocol/writer.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('request and response headers', () => {
  test('header versions follow flexibility, with Kafka\'s two exceptions', () => {
    expect(requestHeaderVersion(ApiKeys.Produce, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKeys.Produce, 9)).toBe(2);
    expect(requestHeaderVersion(ApiKeys.ControlledShutdown, 0)).toBe(0);
    expect(requestHeaderVersion(ApiKeys.ControlledShutdown, 1)).toBe(1);
    expect(responseHeaderVersion(ApiKeys.Fetch, 12)).toBe(1);
    expect(responseHeaderVersion(ApiKeys.ApiVersions, 4)).toBe(0);
    expect(apiInfo(ApiKeys.Produce)).toMatchObject({ name: 'Produce', minVersion: 0, maxVersion: 11, firstFlexibleVersion: 9 });
  });

  test('header v0 has no client id', () => {
    const { header, body } = parseRequestFrame(hex('0007 0000 0000002a ffff'));
    expect(header).toEqual({ apiKey: 7, apiVersion: 0, correlationId: 42, clientId: null, headerVersion: 0 });
    expect(body.remaining).toBe(2);
  });

  test('an unknown api key or version still yields the header', () => {
    const unknownKey = parseRequestFrame(hex('7000 0001 00000005 0001 78'));
    expect(unknownKey).toMatchObject({ header: { apiKey: 0x7000, correlationId: 5, clientId: 'x' }, api: undefined, supported: false });
    const tooNew = parseRequestFrame(hex('0012 0063 00000006 ffff 00'));
    expect(tooNew).toMatchObject({ header: { apiKey: 18, apiVersion: 99, correlationId: 6, headerVersion: 2 }, supported: false });
  });

  test('garbage shorter than a header throws ProtocolDecodeError', () => {
    expect(() => parseRequestFrame(hex('0012 00'))).toThrow(ProtocolDecodeError);
    expect(() => parseRequestFrame(hex('0012 0000 00000001 0009 61'))).toThrow(ProtocolDecodeError);
  });

  test('encoders write what the parser reads', () => {
    const w = new Writer();
    encodeRequestHeader(w, 2, { requestApiKey: 3, requestApiVersion: 12, correlationId: 9, clientId: 'c' });
    w.int8(5);
    const { header, body } = parseRequestFrame(w.toBuffer());
    expect(header).toEqual({ apiKey: 3, apiVersion: 12, correlationId: 9, clientId: 'c', headerVersion: 2 });
    expect(body.int8()).toBe(5);
    const rw = new Writer();
    encodeResponseHeader(rw, 1, 9);
    expect(rw.toBuffer().toString('hex')).toBe('0000000900');
  });
});
