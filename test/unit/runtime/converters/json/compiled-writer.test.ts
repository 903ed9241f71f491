// The writer compiled per schema must write exactly what the general connectToJson writes, and
// throw exactly what it throws, for every schema type and both settings that change the output.
import { describe, expect, test } from '@jest/globals';
import { CompiledWriters } from '../../../../../runtime/converters/json/compiled-writer.ts';
import { connectToJson } from '../../../../../runtime/converters/json/connect-to-json.ts';
import type { JsonValueOptions } from '../../../../../runtime/converters/json/json-options.ts';
import { Decimal } from '../../../../../runtime/data/decimal.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../../../../runtime/data/logical-time.ts';
import { SchemaBuilder } from '../../../../../runtime/data/schema-builder.ts';
import * as S from '../../../../../runtime/data/schema.ts';
import { Struct } from '../../../../../runtime/data/struct.ts';

type Outcome = { text: string } | { error: string };

function outcome(write: () => string): Outcome {
  try {
    return { text: write() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

const address = SchemaBuilder.struct().name('Address').field('street', S.STRING_SCHEMA).field('zip', S.OPTIONAL_INT32_SCHEMA).build();
const sameAddress = SchemaBuilder.struct().name('Address').field('street', S.STRING_SCHEMA).field('zip', S.OPTIONAL_INT32_SCHEMA).build();
const otherAddress = SchemaBuilder.struct().name('Other').field('street', S.STRING_SCHEMA).build();
const decimal = Decimal.schema(2);
const person = SchemaBuilder.struct().name('Person')
  .field('id', S.INT64_SCHEMA)
  .field('name', SchemaBuilder.string().optional().defaultValue('anonymous').build())
  .field('age', S.OPTIONAL_INT8_SCHEMA)
  .field('score', S.FLOAT32_SCHEMA)
  .field('ratio', S.OPTIONAL_FLOAT64_SCHEMA)
  .field('active', S.BOOLEAN_SCHEMA)
  .field('avatar', S.OPTIONAL_BYTES_SCHEMA)
  .field('balance', decimal)
  .field('born', LogicalDate.SCHEMA)
  .field('wakes', LogicalTime.SCHEMA)
  .field('seen', LogicalTimestamp.SCHEMA)
  .field('address', address)
  .field('tags', SchemaBuilder.array(S.STRING_SCHEMA).optional().build())
  .field('counts', SchemaBuilder.map(S.STRING_SCHEMA, S.INT32_SCHEMA).build())
  .field('byCode', SchemaBuilder.map(S.INT16_SCHEMA, address).optional().build())
  .build();

function personValue(addressSchema = address): Struct {
  return new Struct(person)
    .put('id', 9223372036854775807n).put('age', 42).put('score', 0.1).put('ratio', 1e21).put('active', true)
    .put('avatar', Buffer.from([0, 1, 254, 255])).put('balance', Decimal.parse('-12.34'))
    .put('born', new Date(Date.UTC(2024, 1, 29))).put('wakes', new Date(Date.UTC(1970, 0, 1, 13, 5, 7, 9)))
    .put('seen', new Date(1_700_000_000_123))
    .put('address', new Struct(addressSchema).put('street', 'Rue "du" \\ Nord\n\u0001é😀'))
    .put('tags', ['a', '', 'c'])
    .put('counts', new Map([['x', 1], ['y', -2147483648]]))
    .put('byCode', new Map([[7, new Struct(addressSchema).put('street', 's').put('zip', 75001)]]));
}

const cases: Array<[string, S.Schema, unknown]> = [
  ['boolean', S.BOOLEAN_SCHEMA, false],
  ['int8', S.INT8_SCHEMA, -128],
  ['int8 out of range', S.INT8_SCHEMA, 128],
  ['int16', S.INT16_SCHEMA, 32767],
  ['int32 fraction', S.INT32_SCHEMA, 1.5],
  ['int32 as string', S.INT32_SCHEMA, '1'],
  ['int64', S.INT64_SCHEMA, -9223372036854775808n],
  ['int64 as number', S.INT64_SCHEMA, 12],
  ['float32', S.FLOAT32_SCHEMA, 3.4028235e38],
  ['float32 NaN', S.FLOAT32_SCHEMA, NaN],
  ['float64', S.FLOAT64_SCHEMA, 1e-7],
  ['float64 -Infinity', S.FLOAT64_SCHEMA, -Infinity],
  ['float64 -0', S.FLOAT64_SCHEMA, -0],
  ['string escapes', S.STRING_SCHEMA, '"\\/\b\f\n\r\t\u001f\u2028'],
  ['string as number', S.STRING_SCHEMA, 5],
  ['bytes Buffer', S.BYTES_SCHEMA, Buffer.from('test')],
  ['bytes Uint8Array view', S.BYTES_SCHEMA, new Uint8Array([9, 8, 7, 6]).subarray(1, 3)],
  ['bytes as string', S.BYTES_SCHEMA, 'abc'],
  ['required null', S.STRING_SCHEMA, null],
  ['optional null', S.OPTIONAL_STRING_SCHEMA, null],
  ['optional undefined', S.OPTIONAL_INT64_SCHEMA, undefined],
  ['null with default', SchemaBuilder.int32().defaultValue(7).build(), null],
  ['optional null with default', SchemaBuilder.int32().optional().defaultValue(7).build(), null],
  ['decimal', decimal, Decimal.parse('1234.56')],
  ['decimal as number', decimal, 12],
  ['date', LogicalDate.SCHEMA, new Date(Date.UTC(1969, 11, 31))],
  ['time as number', LogicalTime.SCHEMA, 5],
  ['timestamp', LogicalTimestamp.SCHEMA, new Date(-1)],
  ['array', SchemaBuilder.array(S.OPTIONAL_FLOAT64_SCHEMA).build(), [1, null, 2.5]],
  ['empty array', SchemaBuilder.array(S.INT32_SCHEMA).build(), []],
  ['array with a bad item', SchemaBuilder.array(S.INT32_SCHEMA).build(), [1, 'x']],
  ['array as object', SchemaBuilder.array(S.INT32_SCHEMA).build(), { 0: 1 }],
  ['map of strings', SchemaBuilder.map(S.STRING_SCHEMA, S.OPTIONAL_STRING_SCHEMA).build(), new Map([['k', 'v'], ['n', null]])],
  ['map with a non-string key', SchemaBuilder.map(S.STRING_SCHEMA, S.INT32_SCHEMA).build(), new Map([[1, 2]])],
  ['map of int keys', SchemaBuilder.map(S.INT64_SCHEMA, SchemaBuilder.array(S.BOOLEAN_SCHEMA).build()).build(), new Map([[1n, [true]], [-1n, []]])],
  ['empty map', SchemaBuilder.map(S.INT8_SCHEMA, S.INT8_SCHEMA).build(), new Map()],
  ['map as object', SchemaBuilder.map(S.STRING_SCHEMA, S.INT32_SCHEMA).build(), { a: 1 }],
  ['nested struct', person, personValue()],
  ['struct of an equal schema', person, personValue(sameAddress)],
  ['struct of another schema', address, new Struct(otherAddress).put('street', 's')],
  ['struct as object', address, { street: 's' }],
  ['empty struct', SchemaBuilder.struct().build(), new Struct(SchemaBuilder.struct().build())],
  ['struct with a required field unset', address, new Struct(address)],
];

const settings: JsonValueOptions[] = [
  { decimalFormat: 'BASE64', replaceNullWithDefault: true },
  { decimalFormat: 'NUMERIC', replaceNullWithDefault: false },
];

describe.each(settings)('compiled writer (%o)', (options) => {
  test.each(cases)('%s: same output or error as connectToJson', (_name, schema, value) => {
    const writer = new CompiledWriters(options).writerFor(schema);
    expect(outcome(() => writer(value))).toEqual(outcome(() => connectToJson(schema, value, options)));
  });
});

test('the compiled output is the golden text', () => {
  const writer = new CompiledWriters(settings[0]).writerFor(person);
  expect(writer(personValue())).toBe(
    '{"id":9223372036854775807,"name":"anonymous","age":42,"score":0.1,"ratio":1.0E21,"active":true,"avatar":"AAH+/w==",' +
    '"balance":"+y4=","born":19782,"wakes":47107009,"seen":1700000000123,' +
    '"address":{"street":"Rue \\"du\\" \\\\ Nord\\n\\u0001é😀","zip":null},"tags":["a","","c"],"counts":{"x":1,"y":-2147483648},' +
    '"byCode":[[7,{"street":"s","zip":75001}]]}');
});

test('a schema is compiled once and its writer reused', () => {
  const writers = new CompiledWriters(settings[0]);
  expect(writers.writerFor(person)).toBe(writers.writerFor(person));
  expect(writers.writerFor(address)).not.toBe(writers.writerFor(sameAddress));
});
