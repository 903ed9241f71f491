// Value-level masking primitives shared by field rules and content detectors. None of them ever
// puts the original value into an exception message: callers pass only paths and rule names.
import { createHash, createHmac, getHashes } from 'node:crypto';

/** Keyed pseudonymization: HMAC-SHA256(key, utf8(value)) → `tok_<keyId>_<base64url>`. */
export class Pseudonymizer {
  readonly keyId: string;
  readonly #key: Buffer;
  readonly #bytes: number;
  readonly #prefix: string;

  constructor(key: Buffer, keyId: string, tokenBytes: number) {
    this.#key = key;
    this.keyId = keyId;
    this.#bytes = tokenBytes;
    this.#prefix = `tok_${keyId}_`;
  }

  token(value: string): string {
    const mac = createHmac('sha256', this.#key).update(value, 'utf8').digest();
    return this.#prefix + mac.subarray(0, this.#bytes).toString('base64url');
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
