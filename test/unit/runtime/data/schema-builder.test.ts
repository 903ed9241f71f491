import { describe, expect, test } from '@jest/globals';
import { SchemaBuilderException, DataException } from '../../../../runtime/api/errors.ts';
import { SchemaBuilder, copySchemaBasics } from '../../../../runtime/data/schema-builder.ts';
import {
  ConnectSchema, INT32_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA, INT8_SCHEMA, schemasEqual,
} from '../../../../runtime/data/schema.ts';

describe('SchemaBuilder', () => {
  test('builds a struct with indexed fields and metadata', () => {
    const schema = SchemaBuilder.struct().name('com.example.User').version(2).doc('a user')
      .field('id', INT32_SCHEMA).field('email', SchemaBuilder.string().optional()).optional().build();
    expect(schema.type).toBe('STRUCT');
    expect(schema.isOptional).toBe(true);
    expect(schema.name).toBe('com.example.User');
    expect(schema.version).toBe(2);
    expect(schema.doc).toBe('a user');
    expect(schema.fields().map((f) => [f.name, f.index])).toEqual([['id', 0], ['email', 1]]);
    expect(schema.field('email')?.schema.equals(OPTIONAL_STRING_SCHEMA)).toBe(true);
    expect(schema.field('missing')).toBeUndefined();
    expect(schema.toString()).toBe('Schema{com.example.User:STRUCT}');
  });

  test('rejects a duplicate field, fields on non-structs and setting a property twice', () => {
    expect(() => SchemaBuilder.struct().field('a', INT32_SCHEMA).field('a', INT32_SCHEMA))
      .toThrow('Cannot create field because of field name duplication a');
    expect(() => SchemaBuilder.int32().field('a', INT32_SCHEMA)).toThrow(SchemaBuilderException);
    expect(() => SchemaBuilder.int32().name('a').name('b')).toThrow('name has already been set');
    expect(() => SchemaBuilder.int32().optional().required()).toThrow('optionality has already been set');
  });

  test('checks the default value against the schema', () => {
    expect(SchemaBuilder.int32().defaultValue(12).build().defaultValue).toBe(12);
    expect(() => SchemaBuilder.int32().defaultValue('12')).toThrow('Invalid default value');
    expect(() => SchemaBuilder.int64().defaultValue(12)).toThrow(SchemaBuilderException);
    expect(SchemaBuilder.int64().defaultValue(12n).build().defaultValue).toBe(12n);
  });

  test('array and map carry their element schemas; non-containers refuse to list fields', () => {
    const map = SchemaBuilder.map(STRING_SCHEMA, SchemaBuilder.array(INT8_SCHEMA)).build();
    expect(map.keySchema?.equals(STRING_SCHEMA)).toBe(true);
    expect(map.valueSchema?.type).toBe('ARRAY');
    expect(map.valueSchema?.valueSchema?.equals(INT8_SCHEMA)).toBe(true);
    expect(() => map.fields()).toThrow(DataException);
    expect(() => INT32_SCHEMA.field('x')).toThrow('Cannot look up fields on non-struct type');
  });

  test('parameters are kept and compared', () => {
    const a = SchemaBuilder.string().parameter('p', '1').parameters({ q: '2' }).build();
    expect(a.parameters).toEqual({ p: '1', q: '2' });
    expect(a.equals(SchemaBuilder.string().parameters({ q: '2', p: '1' }).build())).toBe(true);
    expect(a.equals(SchemaBuilder.string().parameters({ p: '1' }).build())).toBe(false);
  });

  test('copySchemaBasics copies name, version, doc and parameters but not fields', () => {
    const source = SchemaBuilder.struct().name('n').version(3).doc('d').parameter('k', 'v').field('f', INT32_SCHEMA).build();
    const copy = copySchemaBasics(source, SchemaBuilder.struct()).build();
    expect([copy.name, copy.version, copy.doc, copy.parameters]).toEqual(['n', 3, 'd', { k: 'v' }]);
    expect(copy.fields()).toHaveLength(0);
  });
});

describe('schema equality', () => {
  const build = (): ConnectSchema => SchemaBuilder.struct().name('s').field('a', INT32_SCHEMA)
    .field('m', SchemaBuilder.map(STRING_SCHEMA, INT32_SCHEMA)).build() as ConnectSchema;

  test('structurally equal schemas are equal; any difference makes them unequal', () => {
    expect(build().equals(build())).toBe(true);
    expect(schemasEqual(build(), SchemaBuilder.struct().name('s').field('a', INT32_SCHEMA).build())).toBe(false);
    expect(schemasEqual(build(), SchemaBuilder.struct().name('t').field('a', INT32_SCHEMA)
      .field('m', SchemaBuilder.map(STRING_SCHEMA, INT32_SCHEMA)).build())).toBe(false);
    expect(INT32_SCHEMA.equals(SchemaBuilder.int32().optional().build())).toBe(false);
    expect(INT32_SCHEMA.equals(SchemaBuilder.int32().defaultValue(1).build())).toBe(false);
    expect(SchemaBuilder.int32().defaultValue(1).build().equals(SchemaBuilder.int32().defaultValue(1).build())).toBe(true);
    expect(INT32_SCHEMA.equals(null)).toBe(false);
  });

  test('predefined schemas are frozen', () => {
    expect(Object.isFrozen(INT32_SCHEMA)).toBe(true);
  });
});
