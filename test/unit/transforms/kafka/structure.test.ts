import { describe, expect, test } from '@jest/globals';
import { ConfigException } from '../../../../runtime/config/config-exception.ts';
import { DataException } from '../../../../runtime/api/errors.ts';
import { SchemaBuilder, Struct, INT32_SCHEMA, STRING_SCHEMA, OPTIONAL_STRING_SCHEMA } from '../../../../runtime/data/index.ts';
import { ExtractField } from '../../../../transforms/kafka/extract-field.ts';
import { Flatten } from '../../../../transforms/kafka/flatten.ts';
import { HoistField } from '../../../../transforms/kafka/hoist-field.ts';
import { ReplaceField } from '../../../../transforms/kafka/replace-field.ts';
import { ValueToKey } from '../../../../transforms/kafka/value-to-key.ts';
import { parseFieldPath } from '../../../../transforms/field/single-field-path.ts';
import { KEY, VALUE } from '../../../../transforms/operand.ts';
import { applied, configure, keyRecord, valueRecord } from './helpers.ts';

describe('field paths (FieldSyntaxVersion)', () => {
  test.each([
    ['foo.bar', 'V1', ['foo.bar']],
    ['foo.bar', 'V2', ['foo', 'bar']],
    ['`foo.bar`.baz', 'V2', ['foo.bar', 'baz']],
    ['foo.`bar.baz`', 'V2', ['foo', 'bar.baz']],
    ['`foo\\`.bar`.baz', 'V2', ['foo`.bar', 'baz']],
    ['foo.', 'V2', ['foo', '']],
  ] as const)('%s (%s)', (path, version, steps) => {
    expect(parseFieldPath(path, version)).toEqual(steps);
  });
  test('incomplete backtick pair', () => {
    expect(() => parseFieldPath('`foo.bar', 'V2')).toThrow(/Incomplete backtick pair in path: \[`foo.bar\]/);
  });
});

describe('ExtractField', () => {
  const nested = SchemaBuilder.struct().field('magic', SchemaBuilder.struct().field('foo', INT32_SCHEMA).build()).build();
  test('unknown field with a schema is an error; schemaless gives null', () => {
    const t = configure(new ExtractField(KEY), { field: 'nonexistent' });
    expect(() => t.apply(keyRecord(SchemaBuilder.struct().field('magic', INT32_SCHEMA).build(), null))).toThrow('Unknown field: nonexistent');
    expect(applied(t, keyRecord(null, { magic: 42 })).key).toBeNull();
  });
  test('nested struct path with V2; V1 reads the dotted name literally', () => {
    const value = new Struct(nested).put('magic', new Struct(nested.field('magic')!.schema).put('foo', 42));
    const out = applied(configure(new ExtractField(KEY), { field: 'magic.foo', 'field.syntax.version': 'v2' }), keyRecord(nested, value));
    expect(out.key).toBe(42);
    expect(out.keySchema).toBe(INT32_SCHEMA);
    expect(applied(configure(new ExtractField(KEY), { field: 'magic.foo' }), keyRecord(null, { 'magic.foo': 1 })).key).toBe(1);
  });
  test('schemaless null key stays null', () => {
    expect(applied(configure(new ExtractField(KEY), { field: 'magic' }), keyRecord(null, null)).key).toBeNull();
  });
});

describe('Flatten', () => {
  test('struct required at top level', () => {
    expect(() => configure(new Flatten(VALUE), {}).apply(valueRecord(INT32_SCHEMA, 42))).toThrow('Only Struct objects supported for [flattening], found: number');
    expect(() => configure(new Flatten(VALUE), {}).apply(valueRecord(null, 42))).toThrow('Only Map objects supported in absence of schema for [flattening], found: number');
  });
  test('maps inside schemas are rejected', () => {
    const schema = SchemaBuilder.struct().field('m', SchemaBuilder.map(STRING_SCHEMA, STRING_SCHEMA).build()).build();
    expect(() => configure(new Flatten(VALUE), {}).apply(valueRecord(schema, new Struct(schema).put('m', new Map())))).toThrow('Flatten transformation does not support MAP for record with schemas (for field m).');
  });
  test('an optional parent makes children optional and carries defaults; null nested struct leaves nulls', () => {
    const inner = SchemaBuilder.struct().field('x', SchemaBuilder.string().defaultValue('d').build()).optional().build();
    const schema = SchemaBuilder.struct().field('a', inner).build();
    const out = applied(configure(new Flatten(VALUE), { delimiter: '#' }), valueRecord(schema, new Struct(schema)));
    const field = out.valueSchema!.field('a#x')!;
    expect(field.schema.isOptional).toBe(true);
    expect(field.schema.defaultValue).toBe('d');
  });
  test('tombstones pass through', () => {
    const record = valueRecord(null, null);
    expect(configure(new Flatten(VALUE), {}).apply(record)).toBe(record);
  });
  test('Map values keep their representation', () => {
    expect(applied(configure(new Flatten(VALUE), {}), valueRecord(null, new Map([['a', new Map([['b', 1]])]]))).value).toEqual(new Map([['a.b', 1]]));
  });
});

describe('HoistField', () => {
  test('schemaless and with schema', () => {
    expect(applied(configure(new HoistField(KEY), { field: 'magic' }), keyRecord(null, 42)).key).toEqual({ magic: 42 });
    const out = applied(configure(new HoistField(KEY), { field: 'magic' }), keyRecord(INT32_SCHEMA, 42));
    expect(out.keySchema!.field('magic')!.schema).toBe(INT32_SCHEMA);
    expect((out.key as Struct).get('magic')).toBe(42);
  });
});

describe('ReplaceField', () => {
  const schema = SchemaBuilder.struct().field('dont', STRING_SCHEMA).field('abc', INT32_SCHEMA).field('foo', SchemaBuilder.bool().build()).field('etc', OPTIONAL_STRING_SCHEMA).build();
  test('with schema: exclude wins over include, renames apply', () => {
    const t = configure(new ReplaceField(VALUE), { exclude: 'dont', include: 'abc,foo,dont', renames: 'abc:xyz,foo:bar' });
    const value = new Struct(schema).put('dont', 'whatever').put('abc', 42).put('foo', true).put('etc', 'etc');
    const out = applied(t, valueRecord(schema, value));
    expect(out.valueSchema!.fields().map((f) => f.name)).toEqual(['xyz', 'bar']);
    expect((out.value as Struct).get('xyz')).toBe(42);
  });
  test('invalid renames', () => {
    expect(() => configure(new ReplaceField(VALUE), { renames: 'a:b:c' })).toThrow(ConfigException);
  });
  test('include takes precedence over deprecated whitelist; tombstones pass', () => {
    const t = configure(new ReplaceField(VALUE), { include: 'a', whitelist: 'b' });
    expect(applied(t, valueRecord(null, { a: 1, b: 2 })).value).toEqual({ a: 1 });
    const tomb = valueRecord(null, null);
    expect(t.apply(tomb)).toBe(tomb);
  });
});

describe('ValueToKey', () => {
  test('requires a struct or map value', () => {
    expect(() => configure(new ValueToKey(), { fields: 'a' }).apply(valueRecord(null, 'x'))).toThrow(DataException);
    expect(() => configure(new ValueToKey(), { fields: '' })).toThrow(ConfigException);
  });
});
