// The JSON.stringify shortcut for schemaless values must write exactly what the general writer
// writes (Kafka's JsonConverter), and hand back everything it cannot write that way.
import { describe, expect, test } from '@jest/globals';
import { connectToJson, schemalessToJson } from '../../../../../runtime/converters/json/connect-to-json.ts';
import type { JsonValueOptions } from '../../../../../runtime/converters/json/json-options.ts';
import { stringifyPlain } from '../../../../../runtime/converters/json/plain-json-shortcut.ts';

const options: JsonValueOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };
const general = (value: unknown): string => schemalessToJson(value, options);

describe('values the shortcut writes', () => {
  const accepted: Array<[string, unknown]> = [
    ['an order', { id: 42n, customer: 'customer-000042', amount: 1234, status: 'PAID', note: 'x'.repeat(40) }],
    ['nested objects and arrays', { a: [1, 'two', true, null, { b: [] }], c: {}, d: [[1n], [Buffer.from('hi')]] }],
    ['quotes, backslashes and the short escapes', { 'k"\\': 'a"b\\c\n\r\t\b\f', slash: '/' }],
    ['non-ASCII text and U+2028', { text: 'héllo wörld 日本 😀 \u2028 \u007f' }],
    ['integer-like keys (ordered first by both)', { b: 1, 10: 'x', 2: 2n, a: null }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1, b: 'x' })],
    ['safe integers and -0', [0, -0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1e15]],
    ['plain decimals', [0.5, -0.001, 0.001, 1.25, 9999999.5, 0.1 + 0.2, 123.456, -6543.21]],
    ['bigints at and beyond the safe range', [0n, -1n, 9007199254740991n, -9007199254740991n, 9007199254740992n, -9007199254740993n, 12345678901234567890n]],
    ['bytes', { avatar: new Uint8Array([0, 1, 2, 250]), sub: Buffer.from('hello world').subarray(6) }],
    ['top-level primitives', 'a string'],
    ['a top-level bigint', 7n],
  ];
  test.each(accepted)('%s', (_, value) => {
    const text = stringifyPlain(value);
    expect(text).toBeDefined();
    expect(text).toBe(general(value));
  });

  test('the value given is not changed by the replacements', () => {
    const bytes = new Uint8Array([1, 2]);
    const value = { id: 1n, nested: { big: 2n ** 70n }, list: [3n, bytes] };
    expect(stringifyPlain(value)).toBe('{"id":1,"nested":{"big":1180591620717411303424},"list":[3,"AQI="]}');
    expect(value).toEqual({ id: 1n, nested: { big: 2n ** 70n }, list: [3n, bytes] });
  });

  test('random doubles it accepts are written as Java writes them', () => {
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = (random() - 0.5) * 10 ** Math.floor(random() * 24 - 12);
      const text = stringifyPlain(n);
      if (text !== undefined) {
        accepted++;
        expect(text).toBe(general(n));
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});

describe('values the shortcut hands to the general writer', () => {
  const refused: Array<[string, unknown, string]> = [
    ['an undefined property (Kafka writes null, JSON.stringify omits it)', { a: undefined, b: 1 }, '{"a":null,"b":1}'],
    ['a hole', [1, , 3], '[1,null,3]'], // eslint-disable-line no-sparse-arrays
    ['a control character (Jackson writes upper-case hex)', { s: 'a\u001fb\u000b' }, '{"s":"a\\u001Fb\\u000B"}'],
    ['a literal backslash-u', { s: '\\u0041' }, '{"s":"\\\\u0041"}'],
    ['a Map', { m: new Map([['k', 1]]) }, '{"m":{"k":1}}'],
    ['1e7 (Java: 1.0E7)', 1e7 + 0.5, '1.00000005E7'],
    ['a small decimal (Java: 1.0E-4)', 0.0001, '1.0E-4'],
    ['an unsafe integer', 2 ** 60, '1.152921504606847E18'],
    ['NaN', [NaN, Infinity], '["NaN","Infinity"]'],
  ];
  test.each(refused)('%s', (_, value, kafka) => {
    expect(stringifyPlain(value)).toBeUndefined();
    expect(connectToJson(null, value, options)).toBe(kafka);
  });

  test('a lone surrogate is refused; the general writer keeps it (UTF-8 encoding replaces it)', () => {
    expect(stringifyPlain({ s: 'a\ud800b' })).toBeUndefined();
    expect(connectToJson(null, { s: 'a\ud800b' }, options)).toBe('{"s":"a\ud800b"}');
  });

  test('class instances, dates and functions are refused, and still rejected by the general writer', () => {
    class Point { x = 1; }
    for (const value of [new Date(0), new Point(), { f: () => 1 }]) {
      expect(stringifyPlain(value)).toBeUndefined();
      expect(() => connectToJson(null, value, options)).toThrow('does not have corresponding schema type');
    }
  });

  test('an object or array with a toJSON method is refused (JSON.stringify would call it)', () => {
    const hidden = Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'replaced', enumerable: false });
    const list = Object.assign([1, 2], { toJSON: () => 'replaced' });
    expect(stringifyPlain(hidden)).toBeUndefined();
    expect(stringifyPlain({ list })).toBeUndefined();
    expect(connectToJson(null, { hidden, list }, options)).toBe('{"hidden":{"a":1},"list":[1,2]}');
  });

  test('deeply nested values are refused', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(stringifyPlain(deep)).toBeUndefined();
    expect(connectToJson(null, deep, options)).toBe(general(deep));
  });
});
