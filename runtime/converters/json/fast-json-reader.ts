// A one-pass JSON reader for the sink hot path. JSON.parse with a reviver that keeps each
// number's source text (json-text.ts) costs ~3 µs for a 120-byte record, and the schemaless
// conversion walks the tree again; this reader builds the result directly:
//   - 'connect': the schemaless Connect value (integral numbers bigint, others number, objects
//     plain objects) — what jsonToConnect(null, parseJsonTree(text)) returns;
//   - 'tree': the JsonTree (numbers as JsonNumber) — what parseJsonTree(text) returns.
// Invariant: it returns the same value as the general path or NOT_FAST, never something else.
// It accepts only strict JSON it is sure of; anything else (a syntax error, leading zeros,
// trailing text, an empty or all-blank text) is NOT_FAST, and the caller takes the general
// path, which owns the error messages and Kafka's leniencies.
import { JsonNumber, type JsonTree } from './json-text.ts';

export const NOT_FAST: unique symbol = Symbol('not fast');

type Mode = 'connect' | 'tree';

/** Thrown inside the reader to give up; never escapes it. */
const GIVE_UP: unknown = Symbol('give up');

let text = '';
let pos = 0;
let treeMode = false;

/** `text` read as `mode` says, or NOT_FAST when the general path must decide. */
export function readJsonFast(source: string, mode: 'connect'): unknown;
export function readJsonFast(source: string, mode: 'tree'): JsonTree | typeof NOT_FAST;
export function readJsonFast(source: string, mode: Mode): unknown {
  text = source;
  pos = 0;
  treeMode = mode === 'tree';
  try {
    skipBlank();
    const value = readValue();
    skipBlank();
    return pos === text.length ? value : NOT_FAST;
  } catch {
    // GIVE_UP, or anything unforeseen (a stack overflow on deep nesting): the general path decides.
    return NOT_FAST;
  } finally {
    text = '';
  }
}

/** JSON whitespace only (space, tab, LF, CR), as JSON.parse. */
function skipBlank(): void {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else return;
  }
}

function readValue(): unknown {
  const c = text.charCodeAt(pos);
  if (c === 0x22) return readString();
  if (c === 0x7b) return readObject();
  if (c === 0x5b) return readArray();
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return readNumber();
  if (text.startsWith('true', pos)) { pos += 4; return true; }
  if (text.startsWith('false', pos)) { pos += 5; return false; }
  if (text.startsWith('null', pos)) { pos += 4; return null; }
  throw GIVE_UP;
}

function readObject(): Record<string, unknown> {
  pos++;
  const out: Record<string, unknown> = {};
  let slot = 0;
  skipBlank();
  if (text.charCodeAt(pos) === 0x7d) { pos++; return out; }
  for (;;) {
    if (text.charCodeAt(pos) !== 0x22) throw GIVE_UP;
    const key = readKey(slot++);
    skipBlank();
    if (text.charCodeAt(pos) !== 0x3a) throw GIVE_UP;
    pos++;
    skipBlank();
    const value = readValue();
    // An own "__proto__" property, as JSON.parse and the general conversion create it.
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
    skipBlank();
    const c = text.charCodeAt(pos++);
    if (c === 0x7d) return out;
    if (c !== 0x2c) throw GIVE_UP;
    skipBlank();
  }
}

function readArray(): unknown[] {
  pos++;
  const out: unknown[] = [];
  skipBlank();
  if (text.charCodeAt(pos) === 0x5d) { pos++; return out; }
  for (;;) {
    out.push(readValue());
    skipBlank();
    const c = text.charCodeAt(pos++);
    if (c === 0x5d) return out;
    if (c !== 0x2c) throw GIVE_UP;
    skipBlank();
  }
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — a leading zero before a digit is left to the general path. */
function readNumber(): unknown {
  const start = pos;
  let integral = true;
  let negative = false;
  // The integer part's value, accumulated while scanning: exact in a double up to 15 digits.
  let magnitude = 0;
  if (text.charCodeAt(pos) === 0x2d) { negative = true; pos++; }
  let c = text.charCodeAt(pos);
  if (c === 0x30) {
    pos++;
    if (isDigit(text.charCodeAt(pos))) throw GIVE_UP;
  } else {
    if (!isDigit(c)) throw GIVE_UP;
    while (isDigit(c)) { magnitude = magnitude * 10 + (c - 0x30); c = text.charCodeAt(++pos); }
  }
  if (text.charCodeAt(pos) === 0x2e) {
    integral = false;
    pos++;
    if (!isDigit(text.charCodeAt(pos))) throw GIVE_UP;
    while (isDigit(text.charCodeAt(pos))) pos++;
  }
  const e = text.charCodeAt(pos);
  if (e === 0x65 || e === 0x45) {
    integral = false;
    pos++;
    const sign = text.charCodeAt(pos);
    if (sign === 0x2b || sign === 0x2d) pos++;
    if (!isDigit(text.charCodeAt(pos))) throw GIVE_UP;
    while (isDigit(text.charCodeAt(pos))) pos++;
  }
  if (treeMode) return new JsonNumber(text.slice(start, pos));
  if (!integral) return Number(text.slice(start, pos));
  // Up to 15 digits BigInt of the accumulated number is exact and cheaper than parsing the text.
  if (pos - start - (negative ? 1 : 0) > 15) return BigInt(text.slice(start, pos));
  return BigInt(negative ? -magnitude : magnitude);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The key of an object's member at `slot` (its position in the object). Records of a topic
 * mostly repeat their keys in the same order: when the text here is last time's key at this slot,
 * that very string is returned instead of a new slice, and V8 stores a property under a key it
 * has already internalized without looking the text up in its string table again.
 */
function readKey(slot: number): string {
  const known = slot < KEY_SLOTS ? knownKeys[slot] : undefined;
  // A known key holds no quote, backslash or control character, so this match is the whole key, unescaped.
  if (known !== undefined && text.startsWith(known, pos + 1) && text.charCodeAt(pos + 1 + known.length) === 0x22) {
    pos += known.length + 2;
    return known;
  }
  const start = pos + 1;
  const key = readString();
  // Only a key without escapes (same length as its text) can be matched as above.
  if (slot < KEY_SLOTS && pos - start - 1 === key.length) knownKeys[slot] = key;
  return key;
}

const KEY_SLOTS = 64;
const knownKeys: Array<string | undefined> = [];

function readString(): string {
  const start = ++pos;
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x22) return text.slice(start, pos++);
    if (c === 0x5c) return readEscapedString(start);
    // A raw control character is a syntax error (NaN: the text ended inside the string).
    if (c < 0x20 || c !== c) throw GIVE_UP;
    pos++;
  }
}

const SIMPLE_ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']]);

function readEscapedString(start: number): string {
  let out = text.slice(start, pos);
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x22) { pos++; return out; }
    if (c < 0x20 || c !== c) throw GIVE_UP;
    if (c !== 0x5c) { out += text[pos++]; continue; }
    const escape = text[pos + 1];
    const simple = SIMPLE_ESCAPES.get(escape);
    if (simple !== undefined) {
      out += simple;
      pos += 2;
    } else if (escape === 'u') {
      const hex = text.slice(pos + 2, pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw GIVE_UP;
      out += String.fromCharCode(parseInt(hex, 16));
      pos += 6;
    } else {
      throw GIVE_UP;
    }
  }
}
