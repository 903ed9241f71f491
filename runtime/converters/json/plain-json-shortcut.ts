// Schemaless values written by JSON.stringify when it writes exactly what Kafka's JsonConverter
// writes (the general writer, schemalessToJson in connect-to-json.ts). On the source path a
// schemaless value is usually a plain object of strings and numbers: JSON.stringify writes it
// natively, into one flat string that Buffer.from encodes without first flattening a rope of
// concatenated pieces — together less than half the cost of writing it piece by piece.
//
// Invariant: stringifyPlain returns the general writer's text or undefined (then the general
// writer runs). It accepts only what JSON.stringify writes the same way:
//   - null, booleans, strings, and plain objects and arrays of them;
//   - numbers that are safe integers, or non-integers with 1e-3 <= |n| < 1e7: there JS and Java's
//     Double.toString both write the shortest digits in plain notation (outside it Java writes
//     "1.0E7" or "1.0E-4" and the general writer follows Java);
//   - bigints and bytes, written through replacements (a safe-range bigint as a number, a larger
//     one as its digits via JSON.rawJSON, bytes as their base64 string) in a copy of the
//     containers that hold them.
// Refused, so written by the general writer: undefined (JSON.stringify omits such a property, Kafka
// writes null), holes, Maps, class instances, functions, objects with a toJSON, non-finite and
// other numbers, and text where JSON.stringify wrote a \u escape — control characters (Jackson's
// hex digits are upper case, JSON.stringify's lower case) and lone surrogates; a literal backslash
// followed by u also sends the value to the general writer, which costs time, not correctness.
// test/unit/runtime/converters/json/plain-json-shortcut.test.ts compares both writers.
import { isPlainObject } from '../../data/plain-object.ts';

const AS_IS = 0;
const NEEDS_REPLACEMENTS = 1;
const REFUSED = 2;
type Verdict = typeof AS_IS | typeof NEEDS_REPLACEMENTS | typeof REFUSED;

/** Deeper values go to the general writer (which also handles, or fails on, cycles). */
const MAX_DEPTH = 32;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** The JSON text of a schemaless value, or undefined when JSON.stringify would not write Kafka's text. */
export function stringifyPlain(value: unknown): string | undefined {
  const verdict = verdictOf(value, 0);
  if (verdict === REFUSED) return undefined;
  const text = JSON.stringify(verdict === AS_IS ? value : replacement(value));
  return text.includes('\\u') ? undefined : text;
}

function verdictOf(value: unknown, depth: number): Verdict {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return AS_IS;
    case 'number':
      return Number.isSafeInteger(value) || isPlainDecimal(value) ? AS_IS : REFUSED;
    case 'bigint':
      return NEEDS_REPLACEMENTS;
    case 'object':
      if (value === null) return AS_IS;
      if (value instanceof Uint8Array) return NEEDS_REPLACEMENTS;
      // JSON.stringify would call a toJSON method (even a non-enumerable or inherited one); Kafka's writer does not.
      if (depth >= MAX_DEPTH || 'toJSON' in value) return REFUSED;
      return Array.isArray(value) ? arrayVerdict(value, depth + 1) : objectVerdict(value, depth + 1);
    default:
      return REFUSED;
  }
}

function isPlainDecimal(n: number): boolean {
  const abs = Math.abs(n);
  return abs >= 1e-3 && abs < 1e7;
}

function arrayVerdict(array: unknown[], depth: number): Verdict {
  let verdict: Verdict = AS_IS;
  for (let i = 0; i < array.length; i++) {
    // A hole reads as undefined and is refused.
    const v = verdictOf(array[i], depth);
    if (v === REFUSED) return REFUSED;
    if (v === NEEDS_REPLACEMENTS) verdict = v;
  }
  return verdict;
}

function objectVerdict(object: object, depth: number): Verdict {
  if (!isPlainObject(object)) return REFUSED;
  let verdict: Verdict = AS_IS;
  // for-in is V8's cheapest walk of an object's keys; only a polluted Object.prototype would add
  // inherited ones, which could only refuse or copy needlessly (replacement() uses own keys).
  for (const key in object) {
    const v = verdictOf((object as Record<string, unknown>)[key], depth);
    if (v === REFUSED) return REFUSED;
    if (v === NEEDS_REPLACEMENTS) verdict = v;
  }
  return verdict;
}

/** What JSON.stringify is given in place of `value`: the value itself when nothing in it is replaced. */
function replacement(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : rawJSON(value.toString());
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const r = replacement(item);
      if (r !== item) (copy ??= value.slice())[i] = r;
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(object)) {
    const item = object[key];
    const r = replacement(item);
    // A spread copy keeps the key order (JSON.stringify's and the general writer's: Object.keys).
    if (r !== item) (copy ??= { ...object })[key] = r;
  }
  return copy ?? object;
}
