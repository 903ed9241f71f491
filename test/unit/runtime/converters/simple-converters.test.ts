import { describe, expect, test } from '@jest/globals';
import { ByteArrayConverter } from '../../../../runtime/converters/byte-array-converter.ts';
import { DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter } from '../../../../runtime/converters/number-converters.ts';
import { StringConverter } from '../../../../runtime/converters/string-converter.ts';
import { SchemaBuilder } from '../../../../runtime/data/schema-builder.ts';
import { BYTES_SCHEMA, INT32_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/schema.ts';
import { Struct } from '../../../../runtime/data/struct.ts';

describe('StringConverter', () => {
  test('writes any value as its string form and reads an optional string', () => {
    const c = new StringConverter();
    c.configure({}, false);
    expect(c.fromConnectData('t', null, STRING_SCHEMA, 'héllo')).toEqual(Buffer.from('héllo', 'utf8'));
    expect(c.fromConnectData('t', null, INT32_SCHEMA, 12)?.toString()).toBe('12');
    expect(c.fromConnectData('t', null, null, null)).toBeNull();
    const struct = new Struct(SchemaBuilder.struct().field('a', INT32_SCHEMA).build()).put('a', 1);
    expect(c.fromConnectData('t', null, struct.schema, struct)?.toString()).toBe('Struct{a=1}');
    const back = c.toConnectData('t', null, Buffer.from('x'));
    expect(back.schema).toBe(OPTIONAL_STRING_SCHEMA);
    expect(back.value).toBe('x');
    expect(c.toConnectData('t', null, null).value).toBeNull();
  });

  test('converter.encoding takes Java charset names', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'ISO-8859-1' }, true);
    expect(c.fromConnectData('t', null, null, 'é')).toEqual(Buffer.from([0xe9]));
    expect(() => c.configure({ 'converter.encoding': 'EBCDIC' }, true)).toThrow('unsupported character set');
  });
});

describe('ByteArrayConverter', () => {
  test('passes bytes through and refuses other schemas or values', () => {
    const c = new ByteArrayConverter();
    const bytes = Buffer.from([1, 2, 3]);
    expect(c.fromConnectData('t', null, BYTES_SCHEMA, bytes)).toBe(bytes);
    expect(c.fromConnectData('t', null, null, new Uint8Array([9]))).toEqual(Buffer.from([9]));
    expect(c.toConnectData('t', null, bytes).value).toBe(bytes);
    expect(() => c.fromConnectData('t', null, STRING_SCHEMA, 'x')).toThrow('Invalid schema type for ByteArrayConverter: STRING');
    expect(() => c.fromConnectData('t', null, null, 'x')).toThrow('not compatible with objects of type string');
  });
});

describe('number converters write what Kafka\'s serializers write', () => {
  test.each([
    [new ShortConverter(), 258, '0102'],
    [new IntegerConverter(), -2, 'fffffffe'],
    [new LongConverter(), 4398046511104n, '0000040000000000'],
    [new FloatConverter(), 1.5, '3fc00000'],
    [new DoubleConverter(), 1.5, '3ff8000000000000'],
  ])('%p', (converter, value, hex) => {
    const bytes = converter.fromConnectData('t', null, null, value)!;
    expect(bytes.toString('hex')).toBe(hex);
    expect(converter.toConnectData('t', null, bytes).value).toBe(value);
    expect(converter.toConnectData('t', null, null).value).toBeNull();
  });

  test('wrong sizes and types are DataExceptions', () => {
    expect(() => new IntegerConverter().toConnectData('t', null, Buffer.alloc(3))).toThrow('Size of data received is not 4');
    expect(() => new LongConverter().fromConnectData('t', null, null, 5)).toThrow('Failed to serialize to long');
  });
});
