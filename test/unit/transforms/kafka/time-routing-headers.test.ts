import { describe, expect, test } from '@jest/globals';
import { ConfigException } from '../../../../runtime/config/config-exception.ts';
import { DataException } from '../../../../runtime/api/errors.ts';
import { Headers, LogicalDate, LogicalTime, LogicalTimestamp, SchemaBuilder, SourceRecord, Struct, INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/index.ts';
import { TimestampConverter } from '../../../../transforms/kafka/timestamp-converter.ts';
import { TimestampRouter } from '../../../../transforms/kafka/timestamp-router.ts';
import { RegexRouter } from '../../../../transforms/kafka/regex-router.ts';
import { HeaderFrom } from '../../../../transforms/kafka/header-from.ts';
import { InsertField } from '../../../../transforms/kafka/insert-field.ts';
import { InsertHeader } from '../../../../transforms/kafka/insert-header.ts';
import { MaskField } from '../../../../transforms/kafka/mask-field.ts';
import { SetSchemaMetadata } from '../../../../transforms/kafka/set-schema-metadata.ts';
import { HasHeaderKey } from '../../../../transforms/predicates/has-header-key.ts';
import { TopicNameMatches } from '../../../../transforms/predicates/topic-name-matches.ts';
import { KEY, VALUE } from '../../../../transforms/operand.ts';
import { applied, configure, keyRecord, sinkRecord, valueRecord } from './helpers.ts';

// Kafka's TimestampConverterTest fixture: 1970-01-02 00:00:01.234 UTC.
const DATE = new Date(86_400_000);
const TIME = new Date(1234);
const DATE_PLUS_TIME = new Date(86_400_000 + 1234);
const DATE_PLUS_TIME_UNIX = 86_401_234n;
const STRING_DATE_FMT = 'yyyy MM dd HH mm ss SSS z';
const DATE_PLUS_TIME_STRING = '1970 01 02 00 00 01 234 UTC';

const converter = (config: Record<string, string>) => configure(new TimestampConverter(VALUE), config);

describe('TimestampConverter', () => {
  test('config errors', () => {
    expect(() => converter({})).toThrow(ConfigException);
    expect(() => converter({ 'target.type': 'invalid' })).toThrow(/target\.type/);
    expect(() => converter({ 'target.type': 'unix', 'unix.precision': 'invalid' })).toThrow(/unix\.precision/);
    expect(() => converter({ 'target.type': 'string' })).toThrow('TimestampConverter requires format option to be specified when using string timestamps');
    expect(() => converter({ 'target.type': 'string', format: 'bad-format-q' })).toThrow(/SimpleDateFormat-compatible/);
  });

  test.each([
    ['Date', DATE], ['Time', TIME], ['Timestamp', DATE_PLUS_TIME], ['unix', DATE_PLUS_TIME_UNIX], ['string', DATE_PLUS_TIME_STRING],
  ] as const)('schemaless Timestamp → %s', (target, expected) => {
    expect(applied(converter({ 'target.type': target, format: STRING_DATE_FMT }), valueRecord(null, DATE_PLUS_TIME)).value).toEqual(expected);
  });

  test.each([
    ['Date', DATE, LogicalDate.SCHEMA], ['Time', TIME, LogicalTime.SCHEMA], ['unix', DATE_PLUS_TIME_UNIX, INT64_SCHEMA], ['string', DATE_PLUS_TIME_STRING, STRING_SCHEMA],
  ] as const)('with schema Timestamp → %s', (target, expected, schema) => {
    const out = applied(converter({ 'target.type': target, format: STRING_DATE_FMT }), valueRecord(LogicalTimestamp.SCHEMA, DATE_PLUS_TIME));
    expect(out.value).toEqual(expected);
    expect(out.valueSchema!.equals(schema)).toBe(true);
  });

  test('to Timestamp from unix, string, Date, Time (with schema)', () => {
    expect(applied(converter({ 'target.type': 'Timestamp' }), valueRecord(INT64_SCHEMA, DATE_PLUS_TIME_UNIX)).value).toEqual(DATE_PLUS_TIME);
    expect(applied(converter({ 'target.type': 'Timestamp', format: STRING_DATE_FMT }), valueRecord(STRING_SCHEMA, DATE_PLUS_TIME_STRING)).value).toEqual(DATE_PLUS_TIME);
    expect(applied(converter({ 'target.type': 'Timestamp' }), valueRecord(LogicalDate.SCHEMA, DATE)).value).toEqual(DATE);
    expect(applied(converter({ 'target.type': 'Timestamp' }), valueRecord(LogicalTime.SCHEMA, TIME)).value).toEqual(TIME);
  });

  test('unix precisions', () => {
    expect(applied(converter({ 'target.type': 'unix', 'unix.precision': 'microseconds' }), valueRecord(null, DATE_PLUS_TIME)).value).toBe(86_401_234_000n);
    expect(applied(converter({ 'target.type': 'unix', 'unix.precision': 'seconds' }), valueRecord(null, DATE_PLUS_TIME)).value).toBe(86_401n);
    expect(applied(converter({ 'target.type': 'Timestamp', 'unix.precision': 'nanoseconds' }), valueRecord(null, 86_401_234_567_890n)).value).toEqual(DATE_PLUS_TIME);
  });

  test('null values and null fields become null with the optional target schema', () => {
    const optionalTs = LogicalTimestamp.builder().optional().build();
    const out = applied(converter({ 'target.type': 'unix' }), valueRecord(optionalTs, null));
    expect(out.value).toBeNull();
    expect(out.valueSchema!.isOptional).toBe(true);
    const schema = SchemaBuilder.struct().field('ts', optionalTs).field('other', STRING_SCHEMA).build();
    const fieldOut = applied(converter({ 'target.type': 'string', field: 'ts', format: STRING_DATE_FMT }), valueRecord(schema, new Struct(schema).put('other', 'x')));
    expect((fieldOut.value as Struct).get('ts')).toBeNull();
    expect(fieldOut.valueSchema!.field('ts')!.schema.equals(SchemaBuilder.string().optional().build())).toBe(true);
  });

  test('unsupported inputs', () => {
    expect(() => converter({ 'target.type': 'unix' }).apply(valueRecord(null, true))).toThrow(DataException);
    expect(() => converter({ 'target.type': 'unix' }).apply(valueRecord(INT32_SCHEMA, 1))).toThrow(/does not correspond to a known timestamp type format/);
  });

  test('key variant', () => {
    expect(applied(configure(new TimestampConverter(KEY), { 'target.type': 'Timestamp' }), keyRecord(null, DATE_PLUS_TIME_UNIX)).key).toEqual(DATE_PLUS_TIME);
  });
});

describe('routers', () => {
  test.each([
    ['static', 'TEST', 'test', 'TEST'], ['doesnt match', 'TEST', 'otherTopic', 'otherTopic'], ['identity', '$0', 'orig', 'orig'],
    ['prefix', 'prefix-$0', 'orig', 'prefix-orig'], ['suffix', '$0-suffix', 'orig', 'orig-suffix'],
  ])('RegexRouter %s', (_n, replacement, topic, expected) => {
    const regex = _n === 'static' ? 'test' : _n === 'doesnt match' ? 'test' : '.*';
    expect(applied(configure(new RegexRouter(), { regex, replacement }), valueRecord(null, 'v', { topic })).topic).toBe(expected);
  });

  test('RegexRouter slice with a group', () => {
    expect(applied(configure(new RegexRouter(), { regex: '(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)', replacement: '$1' }), valueRecord(null, 'v', { topic: 'index-20160117' })).topic).toBe('index');
  });

  test('TimestampRouter default format', () => {
    expect(applied(configure(new TimestampRouter(), {}), valueRecord(null, 'v', { topic: 'test', timestamp: 1_483_425_001_864 })).topic).toBe('test-20170103');
    expect(() => configure(new TimestampRouter(), {}).apply(valueRecord(null, 'secret-value'))).toThrow(/^Timestamp missing on record: topic=test/);
  });
});

describe('headers', () => {
  test('HeaderFrom config: fields and headers must pair up', () => {
    expect(() => configure(new HeaderFrom(VALUE), { fields: 'a,b', headers: 'h', operation: 'copy' })).toThrow(/same number of elements/);
    expect(() => configure(new HeaderFrom(VALUE), { fields: '', headers: '', operation: 'copy' })).toThrow(ConfigException);
    expect(() => configure(new HeaderFrom(VALUE), { fields: 'a', headers: 'h', operation: 'cut' })).toThrow(/operation/);
  });

  test('InsertHeader keeps the record and adds a header without touching the original headers', () => {
    const record = new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value: 'v', headers: new Headers().addString('a', '1') });
    const out = applied(configure(new InsertHeader(), { header: 'b', 'value.literal': 'true' }), record);
    expect([...out.headers].map((h) => [h.key, h.value])).toEqual([['a', '1'], ['b', true]]);
    expect(record.headers.size).toBe(1);
  });

  test('predicates', () => {
    const has = configure(new HasHeaderKey(), { name: 'h' });
    expect(has.test(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', value: 1, headers: new Headers().addInt('h', 1) }))).toBe(true);
    expect(has.test(valueRecord(null, 1))).toBe(false);
    expect(() => configure(new HasHeaderKey(), { name: '' })).toThrow(ConfigException);
    expect(() => configure(new TopicNameMatches(), { pattern: '[' })).toThrow(ConfigException);
    expect(configure(new TopicNameMatches(), { pattern: 'my-.*' }).test(valueRecord(null, 1, { topic: 'my-topic' }))).toBe(true);
    expect(configure(new TopicNameMatches(), { pattern: 'my-' }).test(valueRecord(null, 1, { topic: 'my-topic' }))).toBe(false);
  });
});

describe('field insertion and masking', () => {
  test('InsertField: offsets need sink records; structs required with a schema', () => {
    const t = configure(new InsertField(VALUE), { 'offset.field': 'off' });
    expect(() => t.apply(valueRecord(null, {}))).toThrow('Only SinkRecord supported for [field insertion], found: SourceRecord');
    expect(applied(t, sinkRecord(null, {})).value).toEqual({ off: 42 });
    expect(() => t.apply(valueRecord(INT32_SCHEMA, 42))).toThrow(/Only Struct objects supported for \[field insertion\]/);
    expect(() => configure(new InsertField(VALUE), {})).toThrow('No field insertion configured');
    expect(() => configure(new InsertField(VALUE), { 'static.field': 's' })).toThrow(/No value specified for static field: s/);
  });

  test('MaskField: every type with and without replacement', () => {
    const t = configure(new MaskField(VALUE), { fields: 'i,b,l,s,d,a,m' });
    const out = applied(t, valueRecord(null, { i: 7, b: true, l: 9n, s: 'x', d: new Date(5), a: [1], m: new Map([[1, 2]]), keep: 'k' }));
    expect(out.value).toEqual({ i: 0, b: false, l: 0n, s: '', d: new Date(0), a: [], m: new Map(), keep: 'k' });
    const replaced = applied(configure(new MaskField(VALUE), { fields: 'i,l', replacement: '123' }), valueRecord(null, { i: 7, l: 9n }));
    expect(replaced.value).toEqual({ i: 123, l: 123n });
    expect(() => configure(new MaskField(VALUE), { fields: 'i', replacement: 'abc' }).apply(valueRecord(null, { i: 1 }))).toThrow(/Unable to convert abc/);
  });

  test('SetSchemaMetadata: name and version on a struct, schema required', () => {
    const schema = SchemaBuilder.struct().field('a', INT32_SCHEMA).build();
    const out = applied(configure(new SetSchemaMetadata(VALUE), { 'schema.name': 'foo', 'schema.version': '42' }), valueRecord(schema, new Struct(schema).put('a', 1)));
    expect([out.valueSchema!.name, out.valueSchema!.version]).toEqual(['foo', 42]);
    expect((out.value as Struct).schema).toBe(out.valueSchema);
    expect(() => configure(new SetSchemaMetadata(VALUE), {})).toThrow('Neither schema name nor version configured');
  });
});
