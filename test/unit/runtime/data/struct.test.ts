import { describe, expect, test } from '@jest/globals';
import { DataException } from '../../../../runtime/api/errors.ts';
import { SchemaBuilder } from '../../../../runtime/data/schema-builder.ts';
import { INT32_SCHEMA, INT64_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/schema.ts';
import { Struct } from '../../../../runtime/data/struct.ts';

const address = SchemaBuilder.struct().name('Address').field('city', STRING_SCHEMA).build();
const person = SchemaBuilder.struct().name('Person')
  .field('id', INT64_SCHEMA)
  .field('nick', OPTIONAL_STRING_SCHEMA)
  .field('age', SchemaBuilder.int32().defaultValue(18))
  .field('address', address)
  .field('tags', SchemaBuilder.array(STRING_SCHEMA).optional())
  .build();

describe('Struct', () => {
  test('put validates immediately; get by name or Field', () => {
    const s = new Struct(person).put('id', 1n);
    expect(s.get('id')).toBe(1n);
    expect(s.get(person.field('id')!)).toBe(1n);
    expect(s.getInt64('id')).toBe(1n);
    expect(() => s.put('id', 1)).toThrow(DataException);
    expect(() => s.put('nope', 1)).toThrow('nope is not a valid field name');
    expect(() => s.getString('id')).toThrow("Field 'id' is not of type STRING");
  });

  test('get falls back to the field default; getWithoutDefault does not', () => {
    const s = new Struct(person);
    expect(s.get('age')).toBe(18);
    expect(s.getWithoutDefault('age')).toBeNull();
    expect(s.get('nick')).toBeNull();
  });

  test('validate requires every required field without default', () => {
    const s = new Struct(person).put('id', 7n);
    expect(() => s.validate()).toThrow('null used for required field: "address"');
    s.put('address', new Struct(address).put('city', 'Lyon'));
    expect(() => s.validate()).not.toThrow();
  });

  test('equals compares schema and values deeply; toString lists set fields as Kafka does', () => {
    const make = (): Struct => new Struct(person).put('id', 7n).put('tags', ['a', 'b'])
      .put('address', new Struct(address).put('city', 'Lyon'));
    expect(make().equals(make())).toBe(true);
    expect(make().equals(make().put('nick', 'x'))).toBe(false);
    expect(make().toString()).toBe('Struct{id=7,address=Struct{city=Lyon},tags=[a, b]}');
  });

  test('only struct schemas make structs', () => {
    expect(() => new Struct(INT32_SCHEMA)).toThrow('Not a struct schema');
  });
});
