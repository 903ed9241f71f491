// The signature headers of Kafka Connect's internal requests (KIP-507): a follower's HMAC of the
// request body, base64, and the name of the MAC algorithm (Java's, e.g. HmacSHA256).
import type { IncomingHttpHeaders } from 'node:http';
import type { InternalRequestSignature } from '../herder/herder-entities.ts';

export const SIGNATURE_HEADER = 'X-Connect-Authorization';
export const SIGNATURE_ALGORITHM_HEADER = 'X-Connect-Request-Signature-Algorithm';

/** The signature a request carries, with the body exactly as received; null when it carries none. */
export function signatureOf(headers: IncomingHttpHeaders, body: Buffer | undefined): InternalRequestSignature | null {
  const algorithm = headers[SIGNATURE_ALGORITHM_HEADER.toLowerCase()];
  const signature = headers[SIGNATURE_HEADER.toLowerCase()];
  if (typeof algorithm !== 'string' || typeof signature !== 'string') return null;
  return { algorithm, signature, body: Buffer.isBuffer(body) ? body : Buffer.alloc(0) };
}
