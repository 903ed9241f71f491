// The inputs of Kafka's JsonConverterTest *ToConnect cases, with the values our data model gives.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { JsonConverter } from '../../../../../runtime/converters/json/json-converter.ts';
import { Decimal } from '../../../../../runtime/data/decimal.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../../../../runtime/data/logical-time.ts';
import { SchemaAndValue } from '../../../../../runtime/data/schema-and-value.ts';
import { SchemaBuilder } from '../../../../../runtime/data/schema-builder.ts';
import * as S from '../../../../../runtime/data/schema.ts';
import { Struct } from '../../../../../runtime/data/struct.ts';

let converter: JsonConverter;
const read = (json: string | null): SchemaAndValue =>
  converter.toConnectData('topic', null, json === null ? null : Buffer.from(json));
const expectRead = (json: string, schema: S.Schema | null, value: unknown): void => {
  const result = read(json);
  expect(result.equals(new SchemaAndValue(schema, value))).toBe(true);
};

beforeEach(() => {
  converter = new JsonConverter();
  converter.configure({}, false);
});

describe('JsonConverter.toConnectData with schemas', () => {
  test('primitives, including a default for a null payload', () => {
    expectRead('{ "schema": { "type": "boolean" }, "payload": true }', S.BOOLEAN_SCHEMA, true);
    expectRead('{ "schema": { "type": "boolean", "optional": true }, "payload": null }', S.OPTIONAL_BOOLEAN_SCHEMA, null);
    expectRead('{ "schema": { "type": "boolean", "default": true }, "payload": null }',
      SchemaBuilder.bool().defaultValue(true).build(), true);
    expectRead('{ "schema": { "type": "int8" }, "payload": 12 }', S.INT8_SCHEMA, 12);
    expectRead('{ "schema": { "type": "int16" }, "payload": 12 }', S.INT16_SCHEMA, 12);
    expectRead('{ "schema": { "type": "int32" }, "payload": 12 }', S.INT32_SCHEMA, 12);
    expectRead('{ "schema": { "type": "int64" }, "payload": 4398046511104 }', S.INT64_SCHEMA, 4398046511104n);
    expectRead('{ "schema": { "type": "float" }, "payload": 12.34 }', S.FLOAT32_SCHEMA, Math.fround(12.34));
    expectRead('{ "schema": { "type": "double" }, "payload": 12.34 }', S.FLOAT64_SCHEMA, 12.34);
    expectRead('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }', S.STRING_SCHEMA, 'foo-bar-baz');
    expectRead('{ "schema": { "type": "bytes" }, "payload": "dGVzdC1zdHJpbmc=" }', S.BYTES_SCHEMA, Buffer.from('test-string'));
  });

  test('int64 beyond 2^53 is exact', () => {
    expect(read('{"schema":{"type":"int64"},"payload":9223372036854775807}').value).toBe(9223372036854775807n);
  });

  test('numbers with leading zeros are accepted, as Kafka configures Jackson', () => {
    expectRead('{ "schema": { "type": "int8" }, "payload": 0012 }', S.INT8_SCHEMA, 12);
    expectRead('{ "schema": { "type": "int64" }, "payload": 00000123456789 }', S.INT64_SCHEMA, 123456789n);
  });

  test('metadata is read back', () => {
    const result = read('{ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, "doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true }');
    expect(result.schema!.equals(SchemaBuilder.bool().name('bool').version(2).doc('the documentation').parameter('foo', 'bar').build())).toBe(true);
  });

  test('array, maps (object and pair encodings) and structs', () => {
    expectRead('{ "schema": { "type": "array", "items": { "type" : "int32" } }, "payload": [1, 2, 3] }',
      SchemaBuilder.array(S.INT32_SCHEMA).build(), [1, 2, 3]);
    expectRead('{ "schema": { "type": "map", "keys": { "type" : "string" }, "values": { "type" : "int32" } }, "payload": { "key1": 12, "key2": 15} }',
      SchemaBuilder.map(S.STRING_SCHEMA, S.INT32_SCHEMA).build(), new Map([['key1', 12], ['key2', 15]]));
    expectRead('{ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": [ [1, 12], [2, 15] ] }',
      SchemaBuilder.map(S.INT32_SCHEMA, S.INT32_SCHEMA).build(), new Map([[1, 12], [2, 15]]));
    const schema = SchemaBuilder.struct().field('field1', S.BOOLEAN_SCHEMA).field('field2', S.STRING_SCHEMA).build();
    expectRead('{ "schema": { "type": "struct", "fields": [{ "field": "field1", "type": "boolean" }, { "field": "field2", "type": "string" }] }, "payload": { "field1": true, "field2": "string" } }',
      schema, new Struct(schema).put('field1', true).put('field2', 'string'));
  });

  test('a missing optional struct field is null', () => {
    const result = read('{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } }');
    const struct = result.value as Struct;
    expect(struct.get('optional')).toBeNull();
    expect(struct.get('required')).toBe('required');
  });

  test('decimals from base64 or from a number (keeping its scale)', () => {
    const decimal = '"type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1';
    expectRead(`{ "schema": { ${decimal}, "parameters": { "scale": "2" } }, "payload": "AJw=" }`, Decimal.schema(2), new Decimal(156n, 2));
    expectRead(`{ "schema": { ${decimal}, "parameters": { "scale": "2" } }, "payload": 1.56 }`, Decimal.schema(2), new Decimal(156n, 2));
    expect(read(`{ "schema": { ${decimal}, "parameters": { "scale": "4" } }, "payload": 1.5600 }`).value).toEqual(new Decimal(15600n, 4));
    expect(read(`{ "schema": { ${decimal}, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 }`).value)
      .toEqual(new Decimal(123456789123456789n, 17));
    expect(read(`{ "schema": { ${decimal}, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }`).value)
      .toEqual(new Decimal(156n, 2));
    expect(read(`{ "schema": { ${decimal}, "optional": true, "parameters": { "scale": "2" } }, "payload": null }`).value).toBeNull();
  });

  test('date, time and timestamp, with defaults', () => {
    expectRead('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1 }, "payload": 10000 }',
      LogicalDate.SCHEMA, new Date(10000 * 86_400_000));
    expectRead('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1 }, "payload": 14400000 }',
      LogicalTime.SCHEMA, new Date(14_400_000));
    expectRead('{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1 }, "payload": 4000000000 }',
      LogicalTimestamp.SCHEMA, new Date(4_000_000_000));
    expect(read('{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1, "default": 42 }, "payload": null }').value)
      .toEqual(new Date(42));
    expect(read('{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "optional": true, "default": 0 }, "payload": null }').value)
      .toEqual(new Date(0));
  });

  test('replace.null.with.default=false keeps nulls', () => {
    const json = '{"schema":{"type":"struct","fields":[{"field":"field1","type":"string","optional":true,"default":"default"}],"optional":false},"payload":{"field1":null}}';
    expect((read(json).value as Struct).get('field1')).toBe('default');
    converter.configure({ 'replace.null.with.default': false }, false);
    expect((read(json).value as Struct).getWithoutDefault('field1')).toBeNull();
    expect(read('{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}').value).toBeNull();
  });

  test('null bytes are a tombstone; a null schema gives schemaless values', () => {
    expect(read(null)).toBe(SchemaAndValue.NULL);
    expectRead('{ "schema": null, "payload": null }', null, null);
    expectRead('{ "schema": null, "payload": 12 }', null, 12n);
    expectRead('{ "schema": null, "payload": 12.24 }', null, 12.24);
    expectRead('{ "schema": null, "payload": [1, "2", 3] }', null, [1n, '2', 3n]);
    expectRead('{ "schema": null, "payload": { "field1": 1, "field2": 2} }', null, { field1: 1n, field2: 2n });
  });

  test('malformed envelopes and values are DataExceptions with Kafka\'s messages', () => {
    expect(() => read('{ "schema": { "type": "string" } }')).toThrow('requires "schema" and "payload" fields');
    expect(() => read('{ "schema": {}, "payload": 1, "x": 2 }')).toThrow('may not contain additional fields');
    expect(() => read('{ "schema": { "type": "nope" }, "payload": 1 }')).toThrow('Unknown schema type: nope');
    expect(() => read('{ "schema": { "type": "int32" }, "payload": null }')).toThrow('Invalid null value for required INT32 field');
    expect(() => read('{ "schema": { "type": "int8" }, "payload": 300 }')).toThrow();
    expect(() => read('{ "schema": { "type": "int32" }, "payload": "12" }')).toThrow();
    expect(() => read('{ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": {"1": 2} }'))
      .toThrow('Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT');
    expect(() => read('not json')).toThrow('Converting byte[] to Kafka Connect data failed');
  });

  test('a schema written by fromConnectData reads back to an equal schema and value', () => {
    const schema = SchemaBuilder.struct().name('R').field('id', S.INT64_SCHEMA)
      .field('amount', Decimal.builder(2).optional().defaultValue(new Decimal(0n, 2)))
      .field('tags', SchemaBuilder.map(S.INT32_SCHEMA, SchemaBuilder.array(S.STRING_SCHEMA)))
      .field('at', LogicalTimestamp.SCHEMA).build();
    const value = new Struct(schema).put('id', -9223372036854775808n).put('amount', new Decimal(-1999n, 2))
      .put('tags', new Map([[7, ['a', 'b']]])).put('at', new Date(1_700_000_000_123));
    const back = converter.toConnectData('t', null, converter.fromConnectData('t', null, schema, value));
    expect(back.schema!.equals(schema)).toBe(true);
    expect((back.value as Struct).equals(value)).toBe(true);
  });
});

describe('JsonConverter.toConnectData without schemas', () => {
  beforeEach(() => converter.configure({ 'schemas.enable': false }, false));

  test('plain JSON becomes schemaless values: bigint integers, plain objects', () => {
    expectRead('true', null, true);
    expectRead('{ "a": "", "b": null}', null, { a: '', b: null });
    expectRead('{"id": 12345678901234567890, "x": 1.0}', null, { id: 12345678901234567890n, x: 1 });
  });

  test('empty bytes are SchemaAndValue.NULL', () => {
    expect(converter.toConnectData('t', null, Buffer.alloc(0))).toBe(SchemaAndValue.NULL);
  });

  test('a "__proto__" key is kept as data, not as a prototype', () => {
    const value = read('{"__proto__": {"polluted": 1}}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('JsonConverter as a HeaderConverter', () => {
  test('writes and reads the envelope for header values', () => {
    const header = new JsonConverter();
    header.configure({});
    expect(header.fromConnectHeader('t', 'h', S.STRING_SCHEMA, 'test-string')?.toString())
      .toBe('{"schema":{"type":"string","optional":false},"payload":"test-string"}');
    expect(header.toConnectHeader('t', 'h', Buffer.from('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }')).value)
      .toBe('foo-bar-baz');
  });
});
