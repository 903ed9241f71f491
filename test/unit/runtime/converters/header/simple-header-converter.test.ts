import { describe, expect, test } from '@jest/globals';
import { SimpleHeaderConverter } from '../../../../../runtime/converters/header/simple-header-converter.ts';
import { Decimal } from '../../../../../runtime/data/decimal.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../../../../runtime/data/logical-time.ts';
import { SchemaBuilder } from '../../../../../runtime/data/schema-builder.ts';
import * as S from '../../../../../runtime/data/schema.ts';
import { Struct } from '../../../../../runtime/data/struct.ts';

const converter = new SimpleHeaderConverter();
const write = (schema: S.Schema | null, value: unknown): string | undefined =>
  converter.fromConnectHeader('t', 'h', schema, value)?.toString('utf8');
const read = (text: string) => converter.toConnectHeader('t', 'h', Buffer.from(text));

describe('SimpleHeaderConverter writes Values.convertToString text', () => {
  test('primitives, bytes, decimals and temporal values', () => {
    expect(write(S.STRING_SCHEMA, 'plain "text"')).toBe('plain "text"');
    expect(write(S.INT64_SCHEMA, 9223372036854775807n)).toBe('9223372036854775807');
    expect(write(S.FLOAT64_SCHEMA, 1)).toBe('1.0');
    expect(write(S.FLOAT32_SCHEMA, 12.34)).toBe('12.34');
    expect(write(S.BOOLEAN_SCHEMA, true)).toBe('true');
    expect(write(S.BYTES_SCHEMA, Buffer.from('hi'))).toBe('aGk=');
    expect(write(Decimal.schema(2), new Decimal(156n, 2))).toBe('1.56');
    expect(write(LogicalDate.SCHEMA, new Date('2024-01-02T00:00:00Z'))).toBe('2024-01-02');
    expect(write(LogicalTime.SCHEMA, new Date(3_723_004))).toBe('01:02:03.004Z');
    expect(write(LogicalTimestamp.SCHEMA, new Date('2024-01-02T03:04:05.006Z'))).toBe('2024-01-02T03:04:05.006Z');
    expect(converter.fromConnectHeader('t', 'h', S.OPTIONAL_STRING_SCHEMA, null)).toBeNull();
  });

  test('containers quote and escape embedded strings', () => {
    expect(write(SchemaBuilder.array(S.STRING_SCHEMA).build(), ['a', 'b"c'])).toBe('["a","b\\"c"]');
    expect(write(SchemaBuilder.map(S.STRING_SCHEMA, S.INT32_SCHEMA).build(), new Map([['k', 1]]))).toBe('{"k":1}');
    const schema = SchemaBuilder.struct().field('name', S.STRING_SCHEMA).field('n', S.INT32_SCHEMA).build();
    expect(write(schema, new Struct(schema).put('name', 'x').put('n', 2))).toBe('{"name":"x","n":2}');
  });
});

describe('SimpleHeaderConverter reads with Values.parseString inference', () => {
  test.each([
    ['true', S.BOOLEAN_SCHEMA, true],
    ['12', S.INT8_SCHEMA, 12],
    ['300', S.INT16_SCHEMA, 300],
    ['70000', S.INT32_SCHEMA, 70000],
    ['4398046511104', S.INT64_SCHEMA, 4398046511104n],
    ['1.5', S.FLOAT32_SCHEMA, 1.5],
    ['hello world', S.STRING_SCHEMA, 'hello world'],
    ['', S.STRING_SCHEMA, ''],
  ])('%p', (text, schema, value) => {
    const result = read(text);
    expect(result.schema).toBe(schema);
    expect(result.value).toEqual(value);
  });

  test('integers beyond int64 become a Decimal of scale 0', () => {
    expect(read('92233720368547758070').value).toEqual(new Decimal(92233720368547758070n, 0));
  });

  test('ISO dates, times and timestamps become logical types', () => {
    expect(read('2024-01-02').schema).toBe(LogicalDate.SCHEMA);
    expect(read('01:02:03.004Z').value).toEqual(new Date(3_723_004));
    expect(read('2024-01-02T03:04:05.006Z').schema).toBe(LogicalTimestamp.SCHEMA);
  });

  test('arrays and maps with a common element type; mixed ones stay strings', () => {
    const array = read('[1, 2, 300]');
    expect(array.schema!.equals(SchemaBuilder.array(S.INT16_SCHEMA).build())).toBe(true);
    expect(array.value).toEqual([1, 2, 300]);
    const map = read('{"a":1,"b":2}');
    expect(map.schema!.equals(SchemaBuilder.map(S.STRING_SCHEMA, S.INT8_SCHEMA).build())).toBe(true);
    expect(map.value).toEqual(new Map([['a', 1], ['b', 2]]));
    expect(read('[1, "x"]').value).toBe('[1, "x"]');
  });

  test('what it writes, it reads back', () => {
    const schema = SchemaBuilder.array(S.STRING_SCHEMA).build();
    expect(read(write(schema, ['a', 'b,c'])!).value).toEqual(['a', 'b,c']);
  });
});
