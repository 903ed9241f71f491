// Signed internal requests (Kafka's KIP-507, connect.protocol=sessioned): the leader keeps a
// session key in the config topic and rotates it every inter.worker.key.ttl.ms; a follower
// signs the task configs it hands the leader with an HMAC of the request body
// (X-Connect-Authorization, base64) and names the algorithm (X-Connect-Request-Signature-Algorithm);
// the leader refuses an unsigned request (400), an algorithm it does not accept (400) and a
// signature that does not match its key (403). Keys and headers are as Kafka's workers write them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InternalRequestSignature } from '../herder/herder-entities.ts';
import { BadRequestError, ForbiddenError } from '../herder/herder-errors.ts';
import { SIGNATURE_ALGORITHM_HEADER, SIGNATURE_HEADER } from '../rest/internal-signature.ts';
import type { SessionKey } from '../storage/config-backing-store.ts';

/** Java's MAC names, the Node digest each uses and the key size Java's KeyGenerator picks by default. */
const MACS: Readonly<Record<string, { digest: string; defaultKeyBits: number }>> = {
  HmacSHA1: { digest: 'sha1', defaultKeyBits: 512 },
  HmacSHA224: { digest: 'sha224', defaultKeyBits: 224 },
  HmacSHA256: { digest: 'sha256', defaultKeyBits: 256 },
  HmacSHA384: { digest: 'sha384', defaultKeyBits: 384 },
  HmacSHA512: { digest: 'sha512', defaultKeyBits: 512 },
};

export function isMacAlgorithm(name: string): boolean {
  return Object.hasOwn(MACS, name);
}

/** A fresh session key (inter.worker.key.generation.algorithm, inter.worker.key.size). */
export function newSessionKey(algorithm: string, keyBits: number | null, now = Date.now()): SessionKey {
  const bits = keyBits ?? MACS[algorithm].defaultKeyBits;
  return { key: randomBytes(Math.ceil(bits / 8)).toString('base64'), algorithm, creationTimestamp: now };
}

function mac(algorithm: string, key: SessionKey, body: Buffer | string): Buffer {
  return createHmac(MACS[algorithm].digest, Buffer.from(key.key, 'base64')).update(body).digest();
}

/** The headers a follower adds to an internal request whose body is exactly `body`. */
export function signatureHeaders(key: SessionKey, algorithm: string, body: string): Record<string, string> {
  return { [SIGNATURE_HEADER]: mac(algorithm, key, body).toString('base64'), [SIGNATURE_ALGORITHM_HEADER]: algorithm };
}

/** Kafka's checks, with its messages: throws unless the request was signed with `key` by an accepted algorithm. */
export function verifyInternalRequest(request: InternalRequestSignature | null, key: SessionKey | null, accepted: readonly string[]): void {
  if (request === null) throw new BadRequestError('Internal request missing required signature');
  if (!accepted.includes(request.algorithm) || !isMacAlgorithm(request.algorithm)) {
    throw new BadRequestError(`This worker does not support the '${request.algorithm}' key signing algorithm used by other workers. `
      + `This worker is currently configured to use: [${accepted.join(', ')}]. `
      + "Check that all workers' configuration files permit the same set of signature algorithms, and correct any misconfigured worker and restart it.");
  }
  const expected = key === null ? null : mac(request.algorithm, key, request.body);
  const given = Buffer.from(request.signature, 'base64');
  if (expected === null || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ForbiddenError('Internal request contained invalid signature.');
  }
}
