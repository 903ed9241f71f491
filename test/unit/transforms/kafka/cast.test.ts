import { describe, expect, test } from '@jest/globals';
import { ConfigException } from '../../../../runtime/config/config-exception.ts';
import { DataException } from '../../../../runtime/api/errors.ts';
import { Decimal, LogicalDate, LogicalTimestamp, SchemaBuilder, Struct, INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/index.ts';
import { Cast } from '../../../../transforms/kafka/cast.ts';
import { KEY, VALUE } from '../../../../transforms/operand.ts';
import { applied, configure, keyRecord, valueRecord } from './helpers.ts';

const castValue = (spec: string) => configure(new Cast(VALUE), { spec });

describe('Cast config', () => {
  test.each([
    ['', /Must specify at least one field to cast/],
    ['foo:faketype', /Invalid type found in casting spec: faketype/],
    ['faketype', /Invalid type found in casting spec/],
    ['foo:array', /does not support casting to ARRAY/],
    ['foo:int8:extra', /Invalid rename mapping/],
    ['int8,int32', /may only specify a single cast/],
  ])('spec %j is rejected', (spec, message) => {
    expect(() => castValue(spec)).toThrow(ConfigException);
    expect(() => castValue(spec)).toThrow(message);
  });
});

describe('Cast whole value', () => {
  test('null values pass through, with and without schema', () => {
    const record = valueRecord(STRING_SCHEMA, null);
    expect(castValue('int8').apply(record)).toBe(record);
    expect(configure(new Cast(KEY), { spec: 'int8' }).apply(keyRecord(null, null))!.key).toBeNull();
  });

  test('key with schema: int32 → int8 and schema replaced', () => {
    const out = applied(configure(new Cast(KEY), { spec: 'int8' }), keyRecord(INT32_SCHEMA, 42));
    expect(out.keySchema!.type).toBe('INT8');
    expect(out.key).toBe(42);
  });

  test.each([
    ['int8', 42, 'INT8'], ['int16', 42, 'INT16'], ['int32', 42, 'INT32'], ['int64', 42n, 'INT64'],
    ['float32', 42, 'FLOAT32'], ['float64', 42, 'FLOAT64'], ['boolean', true, 'BOOLEAN'], ['string', '42', 'STRING'],
  ])('int32 42 → %s', (spec, expected, type) => {
    const out = applied(castValue(spec), valueRecord(INT32_SCHEMA, 42));
    expect(out.value).toEqual(expected);
    expect(out.valueSchema!.type).toBe(type);
  });

  test('booleans and strings', () => {
    expect(applied(castValue('int32'), valueRecord(SchemaBuilder.bool().build(), false)).value).toBe(0);
    expect(applied(castValue('boolean'), valueRecord(STRING_SCHEMA, 'TRUE')).value).toBe(true);
    expect(applied(castValue('boolean'), valueRecord(STRING_SCHEMA, 'yes')).value).toBe(false);
    expect(applied(castValue('int64'), valueRecord(null, '9007199254740993')).value).toBe(9007199254740993n);
  });

  test('decimals and dates to string; logical types to their integer encodings', () => {
    expect(applied(castValue('string'), valueRecord(Decimal.schema(2), new Decimal(4200n, 2))).value).toBe('42.00');
    expect(applied(castValue('string'), valueRecord(LogicalDate.SCHEMA, new Date(0))).value).toBe('1970-01-01');
    expect(applied(castValue('int32'), valueRecord(LogicalDate.SCHEMA, new Date(86_400_000 * 3))).value).toBe(3);
    expect(applied(castValue('int64'), valueRecord(LogicalTimestamp.SCHEMA, new Date(1234))).value).toBe(1234n);
  });

  test('the default value is cast too', () => {
    const schema = SchemaBuilder.int32().optional().defaultValue(7).build();
    const out = applied(castValue('string'), valueRecord(schema, 1));
    expect(out.valueSchema!.defaultValue).toBe('7');
    expect(out.valueSchema!.isOptional).toBe(true);
  });

  test('schemaless unsupported types fail per record', () => {
    expect(() => castValue('int8').apply(valueRecord(null, new Date()))).toThrow(DataException);
    expect(() => castValue('int8').apply(valueRecord(null, new Uint8Array([1])))).toThrow(/Unexpected type in Cast transformation: Uint8Array/);
    expect(applied(castValue('string'), valueRecord(null, new Uint8Array([1, 2, 3]))).value).toBe('AQID');
  });
});

describe('Cast fields', () => {
  const schema = SchemaBuilder.struct()
    .field('int8', SchemaBuilder.int8().build()).field('int16', SchemaBuilder.int16().optional().defaultValue(2).build())
    .field('int64', INT64_SCHEMA).field('string', STRING_SCHEMA).field('other', STRING_SCHEMA).build();

  test('with schema: only named fields change; optionality and defaults follow', () => {
    const t = castValue('int8:int16,int16:int32,int64:float64,string:boolean');
    const value = new Struct(schema).put('int8', 8).put('int64', 64n).put('string', 'true').put('other', 'x');
    const out = applied(t, valueRecord(schema, value));
    const s = out.valueSchema!;
    expect(s.fields().map((f) => f.schema.type)).toEqual(['INT16', 'INT32', 'FLOAT64', 'BOOLEAN', 'STRING']);
    expect(s.field('int16')!.schema.isOptional).toBe(true);
    expect(s.field('int16')!.schema.defaultValue).toBe(2);
    const v = out.value as Struct;
    expect([v.get('int8'), v.get('int16'), v.get('int64'), v.get('string'), v.get('other')]).toEqual([8, 2, 64, true, 'x']);
    expect(applied(t, valueRecord(schema, value)).valueSchema).toBe(s);
  });

  test('replace.null.with.default=false keeps nulls', () => {
    const t = configure(new Cast(VALUE), { spec: 'int16:int32', 'replace.null.with.default': 'false' });
    const value = new Struct(schema).put('int8', 8).put('int64', 64n).put('string', 'x').put('other', 'x');
    expect((applied(t, valueRecord(schema, value)).value as Struct).getWithoutDefault('int16')).toBeNull();
  });

  test('schemaless: map entries cast, others kept, missing ones become null', () => {
    const out = applied(castValue('a:int16,b:float32,c:string'), valueRecord(null, { a: 70000, b: '1.1', d: 'keep' }));
    expect(out.value).toEqual({ a: 4464, b: Math.fround(1.1), c: null, d: 'keep' });
  });
});
