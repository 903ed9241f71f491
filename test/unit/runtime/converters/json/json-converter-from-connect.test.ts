// Golden bytes: the exact JSON Kafka's JsonConverter writes (key order from JsonConverter.asJsonSchema,
// numbers as Jackson prints Java values), for the cases of Kafka's JsonConverterTest.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { JsonConverter } from '../../../../../runtime/converters/json/json-converter.ts';
import { Decimal } from '../../../../../runtime/data/decimal.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../../../../runtime/data/logical-time.ts';
import { SchemaBuilder } from '../../../../../runtime/data/schema-builder.ts';
import * as S from '../../../../../runtime/data/schema.ts';
import { Struct } from '../../../../../runtime/data/struct.ts';

const DECIMAL_SCHEMA_2 = '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}';

let converter: JsonConverter;
const write = (schema: S.Schema | null, value: unknown): string | null => {
  const bytes = converter.fromConnectData('topic', null, schema, value);
  return bytes === null ? null : bytes.toString('utf8');
};

beforeEach(() => {
  converter = new JsonConverter();
  converter.configure({}, false);
});

describe('JsonConverter.fromConnectData with schemas', () => {
  test.each([
    ['boolean', S.BOOLEAN_SCHEMA, true, '{"schema":{"type":"boolean","optional":false},"payload":true}'],
    ['int8', S.INT8_SCHEMA, 12, '{"schema":{"type":"int8","optional":false},"payload":12}'],
    ['int16', S.INT16_SCHEMA, 12, '{"schema":{"type":"int16","optional":false},"payload":12}'],
    ['int32', S.INT32_SCHEMA, 12, '{"schema":{"type":"int32","optional":false},"payload":12}'],
    ['int64', S.INT64_SCHEMA, 4398046511104n, '{"schema":{"type":"int64","optional":false},"payload":4398046511104}'],
    ['int64 beyond 2^53', S.INT64_SCHEMA, 9223372036854775807n, '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}'],
    ['float', S.FLOAT32_SCHEMA, 12.34, '{"schema":{"type":"float","optional":false},"payload":12.34}'],
    ['double', S.FLOAT64_SCHEMA, 12.34, '{"schema":{"type":"double","optional":false},"payload":12.34}'],
    ['integral double', S.FLOAT64_SCHEMA, 12, '{"schema":{"type":"double","optional":false},"payload":12.0}'],
    ['bytes', S.BYTES_SCHEMA, Buffer.from('test-string'), '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}'],
    ['string', S.STRING_SCHEMA, 'test-string', '{"schema":{"type":"string","optional":false},"payload":"test-string"}'],
  ])('%s', (_name, schema, value, expected) => {
    expect(write(schema, value)).toBe(expected);
  });

  test('array', () => {
    expect(write(SchemaBuilder.array(S.INT32_SCHEMA).build(), [1, 2, 3]))
      .toBe('{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}');
  });

  test('map with string keys is an object', () => {
    const schema = SchemaBuilder.map(S.STRING_SCHEMA, S.INT32_SCHEMA).build();
    expect(write(schema, new Map([['key1', 12], ['key2', 15]]))).toBe(
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},' +
      '"payload":{"key1":12,"key2":15}}');
  });

  test('map with non-string keys is an array of [key, value] pairs', () => {
    const schema = SchemaBuilder.map(S.INT32_SCHEMA, S.INT32_SCHEMA).build();
    expect(write(schema, new Map([[1, 12], [2, 15]]))).toBe(
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false},' +
      '"payload":[[1,12],[2,15]]}');
  });

  test('struct: fields in schema order, each field schema ends with "field"', () => {
    const schema = SchemaBuilder.struct().field('field1', S.BOOLEAN_SCHEMA).field('field2', S.STRING_SCHEMA)
      .field('field3', S.STRING_SCHEMA).field('field4', S.BOOLEAN_SCHEMA).build();
    const value = new Struct(schema).put('field1', true).put('field2', 'string2').put('field3', 'string3').put('field4', false);
    expect(write(schema, value)).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"boolean","optional":false,"field":"field1"},' +
      '{"type":"string","optional":false,"field":"field2"},{"type":"string","optional":false,"field":"field3"},' +
      '{"type":"boolean","optional":false,"field":"field4"}],"optional":false},' +
      '"payload":{"field1":true,"field2":"string2","field3":"string3","field4":false}}');
  });

  test('nested struct with metadata, optional field and array of maps', () => {
    const inner = SchemaBuilder.struct().name('Inner').field('n', S.OPTIONAL_INT64_SCHEMA).optional().build();
    const schema = SchemaBuilder.struct().name('com.example.Outer').version(3).doc('outer doc')
      .field('inner', inner)
      .field('list', SchemaBuilder.array(SchemaBuilder.map(S.STRING_SCHEMA, S.FLOAT64_SCHEMA)))
      .build();
    const value = new Struct(schema).put('inner', new Struct(inner)).put('list', [new Map([['x', 1.5]])]);
    expect(write(schema, value)).toBe(
      '{"schema":{"type":"struct","fields":[' +
      '{"type":"struct","fields":[{"type":"int64","optional":true,"field":"n"}],"optional":true,"name":"Inner","field":"inner"},' +
      '{"type":"array","items":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"double","optional":false},"optional":false},"optional":false,"field":"list"}' +
      '],"optional":false,"name":"com.example.Outer","version":3,"doc":"outer doc"},' +
      '"payload":{"inner":{"n":null},"list":[{"x":1.5}]}}');
  });

  test('schema metadata: name, version, doc, parameters in Kafka order', () => {
    const schema = SchemaBuilder.bool().name('bool').version(2).doc('the documentation').parameter('foo', 'bar').build();
    expect(write(schema, true)).toBe(
      '{"schema":{"type":"boolean","optional":false,"name":"bool","version":2,"doc":"the documentation","parameters":{"foo":"bar"}},"payload":true}');
  });

  test('decimal as base64 (default) and as NUMERIC', () => {
    expect(write(Decimal.schema(2), new Decimal(156n, 2))).toBe(`{"schema":${DECIMAL_SCHEMA_2},"payload":"AJw="}`);
    converter.configure({ 'decimal.format': 'numeric' }, false);
    expect(write(Decimal.schema(2), new Decimal(156n, 2))).toBe(`{"schema":${DECIMAL_SCHEMA_2},"payload":1.56}`);
    expect(write(Decimal.schema(4), new Decimal(15600n, 4))).toContain('"payload":1.5600}');
  });

  test('date, time and timestamp as their physical values', () => {
    expect(write(LogicalDate.SCHEMA, new Date(10000 * 86_400_000))).toBe(
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}');
    expect(write(LogicalTime.SCHEMA, new Date(14_400_000))).toBe(
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}');
    expect(write(LogicalTimestamp.SCHEMA, new Date(4_000_000_000))).toBe(
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}');
  });

  test('defaults are written in the schema; a null optional value with a default is replaced unless disabled', () => {
    const schema = SchemaBuilder.string().optional().defaultValue('default').build();
    expect(write(schema, null)).toBe('{"schema":{"type":"string","optional":true,"default":"default"},"payload":"default"}');
    converter.configure({ 'replace.null.with.default': false }, false);
    expect(write(schema, null)).toBe('{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}');
    const struct = SchemaBuilder.struct().field('field1', schema).build();
    expect(write(struct, new Struct(struct))).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"default":"default","field":"field1"}],"optional":false},"payload":{"field1":null}}');
  });

  test('optional null payload; a null value and null schema is a tombstone (null bytes)', () => {
    expect(write(S.OPTIONAL_BOOLEAN_SCHEMA, null)).toBe('{"schema":{"type":"boolean","optional":true},"payload":null}');
    expect(write(null, null)).toBeNull();
    expect(() => write(S.BOOLEAN_SCHEMA, null)).toThrow('null value for field that is required');
  });

  test('null schema inside the envelope', () => {
    expect(write(null, true)).toBe('{"schema":null,"payload":true}');
  });

  test('a struct whose schema differs from the declared one is rejected', () => {
    const a = SchemaBuilder.struct().field('f', S.INT32_SCHEMA).build();
    const b = SchemaBuilder.struct().field('g', S.INT32_SCHEMA).build();
    expect(() => write(a, new Struct(b).put('g', 1))).toThrow('Mismatching schema.');
    expect(() => write(S.INT64_SCHEMA, 5)).toThrow('Invalid type for INT64');
  });

  test('strings are escaped as Jackson escapes them', () => {
    expect(write(S.STRING_SCHEMA, 'a"b\\c\n\u0001é/')).toBe(
      '{"schema":{"type":"string","optional":false},"payload":"a\\"b\\\\c\\n\\u0001é/"}');
  });

  test('the schema JSON is cached per schema instance', () => {
    const schema = SchemaBuilder.bool().build();
    expect(converter.cachedSchemaCount).toBe(0);
    write(schema, true);
    write(schema, false);
    expect(converter.cachedSchemaCount).toBe(1);
    write(SchemaBuilder.bool().optional().build(), true);
    expect(converter.cachedSchemaCount).toBe(2);
  });
});

describe('JsonConverter.fromConnectData without schemas', () => {
  beforeEach(() => converter.configure({ 'schemas.enable': 'false' }, false));

  test('primitives, arrays and maps', () => {
    expect(write(null, true)).toBe('true');
    expect(write(null, [1, 'string', true])).toBe('[1,"string",true]');
    expect(write(null, new Map<unknown, unknown>([['key1', 12], ['key2', 'string'], ['key3', true]])))
      .toBe('{"key1":12,"key2":"string","key3":true}');
    expect(write(null, new Map<unknown, unknown>([['string', 12], [52, 'string'], [false, true]])))
      .toBe('[["string",12],[52,"string"],[false,true]]');
    expect(write(null, { id: 12345678901234567890n, ratio: 0.5, tags: null })).toBe('{"id":12345678901234567890,"ratio":0.5,"tags":null}');
  });

  test('schema-typed values without the envelope', () => {
    expect(write(S.INT32_SCHEMA, 12)).toBe('12');
    expect(write(Decimal.schema(2), new Decimal(156n, 2))).toBe('"AJw="');
  });

  test('values without a JSON mapping are rejected', () => {
    expect(() => write(null, new Date())).toThrow('does not have corresponding schema type');
  });
});
