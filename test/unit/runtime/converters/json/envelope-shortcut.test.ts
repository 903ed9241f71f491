// With schemas.enable, a converter that has read a schema once reads later messages carrying the
// same schema text through a shortcut: every answer (value or error) must be the general path's,
// which a fresh converter gives for each message.
import { expect, test } from '@jest/globals';
import { EnvelopeShortcut } from '../../../../../runtime/converters/json/envelope-shortcut.ts';
import { JsonConverter } from '../../../../../runtime/converters/json/json-converter.ts';

const SCHEMA = '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},' +
  '{"type":"string","optional":true,"field":"name"}],"optional":false,"name":"Row"}';
// ',"payload":' can only occur outside strings (a quote in a string is escaped): here, in the parameters.
const TRICKY = '{"type":"string","optional":false,"parameters":{"a":"b","payload":"c"}}';

function answer(converter: JsonConverter, text: string): unknown {
  try {
    const { schema, value } = converter.toConnectData('t', null, Buffer.from(text));
    return { schema: schema?.toString() ?? null, fields: schema?.type === 'STRUCT' ? schema.fields().map((f) => f.name) : null, value };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function fresh(): JsonConverter {
  const c = new JsonConverter();
  c.configure({}, false);
  return c;
}

const SEQUENCE = [
  `{"schema":${SCHEMA},"payload":{"id":1,"name":"a"}}`,
  `{"schema":${SCHEMA},"payload":{"id":2,"name":null}}`,
  `{"schema":${SCHEMA},"payload":{"id":9223372036854775807}}`,
  `{"schema":${SCHEMA},"payload":{"id":3,"name":"b"}} \n`,
  `{"schema":${SCHEMA},"payload":{"id":"x"}}`,
  `{"schema":${SCHEMA},"payload":{"id":04}}`,
  `{"schema":${SCHEMA},"payload":{"id":5}`,
  `{"schema":${SCHEMA},"payload":{"id":6}}}`,
  `{"schema":${SCHEMA},"payload":{"id":7},"extra":1}`,
  `{"schema":${SCHEMA},"payload":{"id":8},"schema":{"type":"string","optional":false}}`,
  `{"schema":${SCHEMA},"payload":null}`,
  `{"schema":${SCHEMA.replace('"Row"', '"Other"')},"payload":{"id":9}}`,
  `{"payload":{"id":10},"schema":${SCHEMA}}`,
  `{"schema":${TRICKY},"payload":"first"}`,
  `{"schema":${TRICKY},"payload":"second"}`,
  `{"schema":${TRICKY},"payload":3}`,
  `{"schema":null,"payload":[1,2.5]}`,
  `{"schema":null,"payload":{"a":1}}`,
];

test('each message of a sequence reads as it does on a fresh converter', () => {
  const warm = fresh();
  for (const text of SEQUENCE) expect([text, answer(warm, text)]).toEqual([text, answer(fresh(), text)]);
});

test('the shortcut reads a known schema text and only that', () => {
  const shortcut = new EnvelopeShortcut();
  const first = `{"schema":${SCHEMA},"payload":{"id":1}}`;
  expect(shortcut.read(first)).toBeNull();
  const schema = fresh().toConnectData('t', null, Buffer.from(first)).schema;
  shortcut.learn(first, schema);
  expect(shortcut.read(`{"schema":${SCHEMA},"payload":{"id":2}}`)?.schema).toBe(schema);
  expect(shortcut.read(`{"schema":${SCHEMA},"payload":{"id":2} }`)?.payload).toEqual({ id: expect.anything() });
  expect(shortcut.read(`{"schema":${SCHEMA},"payload":{"id":2}} `)).toBeNull();
  expect(shortcut.read(`{"schema":${SCHEMA},"payload":{"id":2},"x":1}`)).toBeNull();
  expect(shortcut.read(`{"schema":${TRICKY},"payload":1}`)).toBeNull();
});

test('a schema text that cannot be isolated for sure is not learned', () => {
  const shortcut = new EnvelopeShortcut();
  const text = `{"schema":${TRICKY},"payload":"x"}`;
  shortcut.learn(text, fresh().toConnectData('t', null, Buffer.from(text)).schema);
  expect(shortcut.read(text)).toBeNull();
});
