import { describe, expect, test } from '@jest/globals';
import { newSessionKey, signatureHeaders, verifyInternalRequest } from '../../../../runtime/cluster/request-signing.ts';
import { signatureOf } from '../../../../runtime/rest/internal-signature.ts';

// RFC 4231, test case 2: HMAC-SHA256 with key "Jefe".
const JEFE = { key: Buffer.from('Jefe').toString('base64'), algorithm: 'HmacSHA256', creationTimestamp: 0 };
const BODY = 'what do ya want for nothing?';
const RFC_4231_MAC = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

const received = (headers: Record<string, string>, body: string) =>
  signatureOf(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), Buffer.from(body));

describe('internal request signatures', () => {
  test('the headers carry the base64 HMAC of the body and the Java name of the algorithm', () => {
    expect(signatureHeaders(JEFE, 'HmacSHA256', BODY)).toEqual({
      'X-Connect-Authorization': Buffer.from(RFC_4231_MAC, 'hex').toString('base64'),
      'X-Connect-Request-Signature-Algorithm': 'HmacSHA256',
    });
  });

  test('a request signed with the session key passes', () => {
    const key = newSessionKey('HmacSHA256', null);
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);
    expect(() => verifyInternalRequest(received(signatureHeaders(key, 'HmacSHA256', BODY), BODY), key, ['HmacSHA256'])).not.toThrow();
  });

  test("Kafka's answers: unsigned 400, unaccepted algorithm 400, wrong key or altered body 403", () => {
    const key = newSessionKey('HmacSHA256', null);
    const signed = signatureHeaders(key, 'HmacSHA256', BODY);
    expect(() => verifyInternalRequest(received({}, BODY), key, ['HmacSHA256']))
      .toThrow(expect.objectContaining({ name: 'BadRequestError', message: 'Internal request missing required signature' }));
    expect(() => verifyInternalRequest(received(signatureHeaders(key, 'HmacSHA512', BODY), BODY), key, ['HmacSHA256']))
      .toThrow(expect.objectContaining({ name: 'BadRequestError', message: expect.stringContaining("does not support the 'HmacSHA512' key signing algorithm") }));
    const forbidden = expect.objectContaining({ name: 'ForbiddenError', message: 'Internal request contained invalid signature.' });
    expect(() => verifyInternalRequest(received(signed, `${BODY} `), key, ['HmacSHA256'])).toThrow(forbidden);
    expect(() => verifyInternalRequest(received(signed, BODY), newSessionKey('HmacSHA256', null), ['HmacSHA256'])).toThrow(forbidden);
    expect(() => verifyInternalRequest(received(signed, BODY), null, ['HmacSHA256'])).toThrow(forbidden);
  });

  test('inter.worker.key.size sets the key length in bits', () => {
    expect(Buffer.from(newSessionKey('HmacSHA512', 128).key, 'base64')).toHaveLength(16);
    expect(Buffer.from(newSessionKey('HmacSHA512', null).key, 'base64')).toHaveLength(64);
  });
});
