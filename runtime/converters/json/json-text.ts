import { DataException } from '../../api/errors.ts';
import { NOT_FAST, readJsonFast } from './fast-json-reader.ts';

/**
 * A JSON number kept as its source text, so 64-bit integers and decimals survive parsing
 * exactly (JSON.parse alone would round them through a double).
 */
export class JsonNumber {
  readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  /** Jackson's isIntegralNumber: no fraction and no exponent. */
  get isIntegral(): boolean {
    return !/[.eE]/.test(this.source);
  }

  toBigInt(): bigint {
    return BigInt(this.source);
  }

  toNumber(): number {
    return Number(this.source);
  }

  /** JSON.stringify writes the original text back (JSON.rawJSON, Node 21+). */
  toJSON(): unknown {
    return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(this.source);
  }
}

export type JsonTree = null | boolean | string | JsonNumber | JsonTree[] | { [key: string]: JsonTree };

function keepNumberSource(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  return typeof value === 'number' && context?.source !== undefined ? new JsonNumber(context.source) : value;
}

// Numbers with leading zeros (outside strings), which Kafka's reader accepts (ALLOW_LEADING_ZEROS_FOR_NUMBERS).
const STRING_OR_LEADING_ZEROS = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?)0+(?=\d)/g;

/** Parses JSON text; numbers become JsonNumber. Throws SyntaxError on malformed input. */
export function parseJsonTree(text: string): JsonTree {
  const fast = readJsonFast(text, 'tree');
  return fast !== NOT_FAST ? fast : parseJsonTreeWithReviver(text);
}

/** The general parser (JSON.parse keeping number text, Kafka's leading-zero leniency): what the fast reader must agree with. */
export function parseJsonTreeWithReviver(text: string): JsonTree {
  try {
    return JSON.parse(text, keepNumberSource as never) as JsonTree;
  } catch (e) {
    const relaxed = text.replace(STRING_OR_LEADING_ZEROS, (match, sign: string | undefined) =>
      match.startsWith('"') ? match : (sign ?? ''));
    if (relaxed === text) throw e;
    return JSON.parse(relaxed, keepNumberSource as never) as JsonTree;
  }
}

// Control characters must be escaped in JSON strings; the pattern names them on purpose.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const HEX = '0123456789ABCDEF';

/** A JSON string literal escaped as Jackson escapes it (control characters as \u00XX, upper-case). */
export function quoteJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20) out += s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
  }
  return out + '"';
}

export function jsonNodeType(node: JsonTree | undefined): string {
  if (node === undefined) return 'MISSING';
  if (node === null) return 'NULL';
  if (node instanceof JsonNumber) return 'NUMBER';
  if (Array.isArray(node)) return 'ARRAY';
  if (typeof node === 'object') return 'OBJECT';
  return typeof node === 'boolean' ? 'BOOLEAN' : 'STRING';
}

export function isJsonObject(node: JsonTree | undefined): node is { [key: string]: JsonTree } {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof JsonNumber);
}

/** Standard base64 (Jackson's binary encoding), strict on the way in. */
export function decodeBase64(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new DataException(`Invalid base64 for ${what}: "${text.length > 40 ? text.slice(0, 40) + '…' : text}"`);
  }
  return Buffer.from(text, 'base64');
}
