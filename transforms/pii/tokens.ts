// Value-level masking primitives shared by field rules and content detectors. None of them ever
// puts the original value into an exception message: callers pass only paths and rule names.
import { createHash, createHmac, getHashes, hash } from 'node:crypto';

/**
 * Keyed pseudonymization: HMAC-SHA256(key, utf8(value)) → `tok_<keyId>_<base64url>`.
 * HMAC is computed from its definition, H((K⊕opad) ‖ H((K⊕ipad) ‖ m)), with the padded keys
 * prepared once and Node's one-shot `crypto.hash`: about 4× cheaper per value than creating an
 * Hmac object (measured 2.2 µs vs 9.7 µs), which dominates MaskPii's cost on named fields.
 * The result is byte-identical to createHmac (tested).
 */
export class Pseudonymizer {
  readonly keyId: string;
  readonly #key: Buffer;
  readonly #bytes: number;
  readonly #prefix: string;
  readonly #inner: Buffer;
  readonly #outer: Buffer;

  constructor(key: Buffer, keyId: string, tokenBytes: number) {
    // Keys longer than the SHA-256 block are hashed first, as RFC 2104 says.
    const block = Buffer.alloc(64);
    (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
    this.#inner = Buffer.alloc(64 + 1024);
    this.#outer = Buffer.alloc(64 + 32);
    for (let i = 0; i < 64; i++) {
      this.#inner[i] = block[i] ^ 0x36;
      this.#outer[i] = block[i] ^ 0x5c;
    }
    this.#key = key;
    this.keyId = keyId;
    this.#bytes = tokenBytes;
    this.#prefix = `tok_${keyId}_`;
  }

  token(value: string): string {
    return this.#prefix + this.#mac(value).subarray(0, this.#bytes).toString('base64url');
  }

  #mac(value: string): Buffer {
    if (Buffer.byteLength(value, 'utf8') > this.#inner.length - 64) {
      return createHmac('sha256', this.#key).update(value, 'utf8').digest();
    }
    const n = this.#inner.write(value, 64, 'utf8');
    (hash('sha256', this.#inner.subarray(0, 64 + n), 'buffer') as unknown as Buffer).copy(this.#outer, 64);
    return hash('sha256', this.#outer, 'buffer') as unknown as Buffer;
  }
}

/** Debezium's `column.mask.hash.<algorithm>.with.salt.<salt>`: hex digest of salt + value. */
export class SaltedDigest {
  readonly #algorithm: string;
  readonly #salt: string;

  constructor(algorithm: string, salt: string) {
    this.#algorithm = algorithm;
    this.#salt = salt;
  }

  digest(value: string): string {
    return createHash(this.#algorithm).update(this.#salt + value, 'utf8').digest('hex');
  }
}

/** Maps Java MessageDigest names (SHA-256, MD5, SHA-512/256…) to Node's; undefined if unknown. */
export function nodeHashAlgorithm(javaName: string): string | undefined {
  const candidates = [javaName.toLowerCase(), javaName.toLowerCase().replace(/^sha-(\d)/, 'sha$1')];
  const available = new Set(getHashes());
  return candidates.find((c) => available.has(c));
}

/**
 * Masks letters and digits outside the first `keepFirst` and last `keepLast` of them, keeping
 * separators: "4111-1111-1111-1111" → "****-****-****-1111" with keepLast=4. If the kept parts
 * would cover the whole value, everything is masked — a partial mask must never reveal it all.
 */
export function partialMask(value: string, keepFirst: number, keepLast: number, maskChar: string): string {
  let significant = 0;
  for (let i = 0; i < value.length; i++) if (isSignificant(value.charCodeAt(i))) significant++;
  const revealAll = keepFirst + keepLast >= significant;
  let seen = 0;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (!isSignificant(value.charCodeAt(i))) { out += ch; continue; }
    const keep = !revealAll && (seen < keepFirst || seen >= significant - keepLast);
    out += keep ? ch : maskChar;
    seen++;
  }
  return out;
}

function isSignificant(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}
