// The one-pass reader must return what the general path returns (JSON.parse keeping number text,
// then the schemaless conversion), or NOT_FAST — never a different value.
import { describe, expect, test } from '@jest/globals';
import { NOT_FAST, readJsonFast } from '../../../../../runtime/converters/json/fast-json-reader.ts';
import { jsonToConnect } from '../../../../../runtime/converters/json/json-to-connect.ts';
import { parseJsonTreeWithReviver } from '../../../../../runtime/converters/json/json-text.ts';

const OPTIONS = { decimalFormat: 'BASE64', replaceNullWithDefault: true } as const;

/** Texts the reader must read itself (not hand to the general path). */
const READ: string[] = [
  '{"id":0,"customer":"customer-000042","amount":1234,"status":"PAID","note":"xxxx"}',
  ' \t\r\n{ "a" : [ 1 , -2 , 3.5 , -0 , 0.0 , 1e3 , 1E-3 , -2.5e+10 ] , "b" : { } , "c" : [ ] } \n',
  '9223372036854775807', '-9223372036854775808', '123456789012345', '1234567890123456', '99999999999999999999999',
  '-123456789012345', '-1234567890123456', '999999999999999', '-999999999999999', '1000000', '-7', '[10,-20,30.5]',
  '0', '-0', '0.1', '1.7976931348623157e308', '1e400', '5e-324',
  'true', 'false', 'null', '""', '"plain"',
  '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\uD83D\\uDE00 \\ud800 end"',
  '"unicode é 😀 \u2028"',
  '{"dup":1,"other":2,"dup":3}',
  '{"2":"b","1":"a","x":"c"}',
  '{"__proto__":{"polluted":true},"a":1}',
  '[[[[[]]]],{"deep":{"deeper":[null,true,false]}}]',
];

/** Texts it must leave to the general path (which accepts some and rejects the others). */
const LEFT: string[] = [
  '', '   ', '\ufeff{}', '007', '{"a":01}', '-01', '[1,]', '{"a":1,}', '{a:1}', "'s'", '"unterminated', '"tab\there"',
  '"bad \\x escape"', '"bad \\u12 escape"', '1.', '.5', '1e', '+1', 'NaN', 'Infinity', '{"a":1} trailing', '[1 2]',
  'tru', 'nul', '{"a" 1}', '[', '{',
];

function general(text: string, mode: 'connect' | 'tree'): unknown {
  const tree = parseJsonTreeWithReviver(text);
  return mode === 'tree' ? tree : jsonToConnect(null, tree, OPTIONS);
}

describe.each(['connect', 'tree'] as const)('readJsonFast(%s)', (mode) => {
  test.each(READ)('reads %j as the general path does', (text) => {
    const fast = readJsonFast(text, mode as 'connect');
    expect(fast).not.toBe(NOT_FAST);
    expect(fast).toStrictEqual(general(text, mode));
  });

  test.each(LEFT)('leaves %j to the general path', (text) => {
    expect(readJsonFast(text, mode as 'connect')).toBe(NOT_FAST);
  });
});

test('integral numbers become bigint, others number (schemaless Connect values)', () => {
  expect(readJsonFast('[1,-0,1.0,1e2,12345678901234567890]', 'connect')).toStrictEqual([1n, 0n, 1, 100, 12345678901234567890n]);
});

test('"__proto__" is an own property of a plain object, as JSON.parse makes it', () => {
  for (const mode of ['connect', 'tree'] as const) {
    const value = readJsonFast('{"__proto__":{"x":1}}', mode as 'connect') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  }
});

test("keys are read right when a topic's records repeat, change, extend or escape the keys seen before at the same place", () => {
  // The reader remembers each slot's last key; every text must still read as the general path reads it.
  const texts = [
    '{"id":1,"name":"a","tags":{"id":"inner","name":2}}',
    '{"id":2,"name":"b","tags":{"id":"inner","name":3}}',
    '{"i":3,"nam":"c"}',
    '{"idx":4,"name_":"d"}',
    '{"\\u0069d":5,"na\\"me":"e","":0}',
    '{"id":6,"name":"f","extra":true}',
    '{"name":7,"id":"swapped"}',
    '{"id":8,"name":"g"}',
    '{"a\\\\b":1}',
    '{"a\\b":2}',
  ];
  for (const mode of ['connect', 'tree'] as const) {
    for (const text of texts) expect(readJsonFast(text, mode as 'connect')).toStrictEqual(general(text, mode));
  }
});

test('a nesting too deep for the stack is left to the general path', () => {
  expect(readJsonFast('['.repeat(200_000) + ']'.repeat(200_000), 'connect')).toBe(NOT_FAST);
});
