import { describe, expect, test } from '@jest/globals';
import { ConfigException } from '../../../../runtime/config/config-exception.ts';
import { DataException } from '../../../../runtime/api/errors.ts';
import { Headers, SchemaBuilder, SourceRecord, Struct, type Schema } from '../../../../runtime/data/index.ts';
import { KEY, VALUE } from '../../../../transforms/operand.ts';
import { HEADERS, MaskPii } from '../../../../transforms/pii/mask-pii.ts';

const KEY_A = 'first-secret-key-0123456789abcdef';
const KEY_B = 'other-secret-key-0123456789abcdef';

function configured(config: Record<string, string>, target: typeof VALUE | typeof HEADERS = VALUE): MaskPii<SourceRecord> {
  const t = new MaskPii<SourceRecord>(target);
  t.configure(config);
  return t;
}

const rec = (value: unknown, valueSchema: Schema | null = null, headers?: Headers): SourceRecord =>
  new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 'customers', valueSchema, value, headers });

describe('field selection', () => {
  test('paths, wildcards and array elements; other fields untouched and shared', () => {
    const t = configured({ fields: 'customer.*.email,items[*].card,items[1].note' });
    const untouched = { deep: { x: 1 } };
    const out = t.apply(rec({ customer: { home: { email: 'a@x.com' }, work: { email: 'b@x.com' } }, items: [{ card: '1', note: 'n0' }, { card: '2', note: 'n1' }], untouched }))!;
    expect(out.value).toEqual({ customer: { home: { email: '[REDACTED]' }, work: { email: '[REDACTED]' } }, items: [{ card: '[REDACTED]', note: 'n0' }, { card: '[REDACTED]', note: '[REDACTED]' }], untouched });
    expect((out.value as { untouched: unknown }).untouched).toBe(untouched);
  });

  test('field-name patterns at any depth, case-insensitive with (?i)', () => {
    const t = configured({ 'field.name.pattern': '(?i).*(ssn|email).*', action: 'null' });
    expect(t.apply(rec({ a: { UserEmail: 'x@y.com', ssn_number: '123-45-6789', name: 'n' } }))!.value).toEqual({ a: { UserEmail: null, ssn_number: null, name: 'n' } });
  });

  test('a record the rules do not reach is returned as is', () => {
    const t = configured({ fields: 'email' });
    const record = rec({ name: 'n' });
    expect(t.apply(record)).toBe(record);
  });

  test('drop removes the field; Map values stay Maps', () => {
    const t = configured({ fields: 'secret', action: 'drop' });
    const out = t.apply(rec(new Map<string, unknown>([['secret', 's'], ['keep', 1]])))!;
    expect(out.value).toEqual(new Map([['keep', 1]]));
  });
});

describe('actions', () => {
  test('partial keeps first/last letters and digits and the separators', () => {
    const t = configured({ fields: 'card', action: 'partial', 'partial.keep.last': '4' });
    expect((t.apply(rec({ card: '4111-1111-1111-1111' }))!.value as { card: string }).card).toBe('****-****-****-1111');
  });

  test('partial never reveals a value shorter than what it would keep', () => {
    const t = configured({ fields: 'pin', action: 'partial', 'partial.keep.first': '2', 'partial.keep.last': '2' });
    expect((t.apply(rec({ pin: '123' }))!.value as { pin: string }).pin).toBe('***');
  });

  test('HMAC tokens: equal across two instances with the same key, different with another key or key id', () => {
    const cfg = { fields: 'email', action: 'hash', 'hash.key': KEY_A, 'hash.key.id': 'k1' };
    const a = configured(cfg).apply(rec({ email: 'ada@example.com' }))!.value as { email: string };
    const b = configured(cfg).apply(rec({ email: 'ada@example.com' }))!.value as { email: string };
    const other = configured({ ...cfg, 'hash.key': KEY_B }).apply(rec({ email: 'ada@example.com' }))!.value as { email: string };
    const rotated = configured({ ...cfg, 'hash.key': KEY_B, 'hash.key.id': 'k2' }).apply(rec({ email: 'ada@example.com' }))!.value as { email: string };
    expect(a.email).toMatch(/^tok_k1_[A-Za-z0-9_-]{22}$/);
    expect(b.email).toBe(a.email);
    expect(other.email).not.toBe(a.email);
    expect(rotated.email.startsWith('tok_k2_')).toBe(true);
  });

  test('detector actions apply in place inside free text; null on a detector nulls the field', () => {
    const t = configured({ detectors: 'email,ssn', 'detectors.ssn.action': 'null' });
    expect(t.apply(rec({ note: 'mail a@example.com thanks', other: 'ssn 123-45-6789' }))!.value)
      .toEqual({ note: 'mail [REDACTED] thanks', other: null });
  });

  test('custom regex detectors with per-detector tokens', () => {
    const t = configured({ detectors: 'employee', 'detectors.employee.pattern': 'EMP-\\d{6}', 'detectors.employee.token': '[{name}]' });
    expect(t.apply(rec({ text: 'by EMP-123456 and EMP-12' }))!.value).toEqual({ text: 'by [employee] and EMP-12' });
  });

  test('detect.fields limits content scanning to the listed paths', () => {
    const t = configured({ detectors: 'email', 'detect.fields': 'comments[*]' });
    expect(t.apply(rec({ comments: ['x a@b.io'], from: 'c@d.io' }))!.value).toEqual({ comments: ['x [REDACTED]'], from: 'c@d.io' });
  });
});

describe('schemas', () => {
  const schema = SchemaBuilder.struct()
    .field('email', SchemaBuilder.string().build())
    .field('age', SchemaBuilder.int32().build())
    .field('address', SchemaBuilder.struct().field('zip', SchemaBuilder.string().build()).field('geo', SchemaBuilder.float64().build()).build())
    .build();
  const value = () => new Struct(schema).put('email', 'a@b.com').put('age', 42)
    .put('address', new Struct(schema.field('address')!.schema).put('zip', '75001').put('geo', 1.5));

  test('default: types are kept (a masked int becomes 0) and the schema is unchanged', () => {
    const out = configured({ fields: 'email,age,address.geo' }).apply(rec(value(), schema))!;
    expect(out.valueSchema).toBe(schema);
    expect(String(out.value)).toBe('Struct{email=[REDACTED],age=0,address=Struct{zip=75001,geo=0}}');
  });

  test('nonstring.mode=string turns tokenized ints into optional strings (only when asked)', () => {
    const t = configured({ fields: 'age', action: 'hash', 'hash.key': KEY_A, 'hash.key.id': 'k1', 'nonstring.mode': 'string' });
    const out = t.apply(rec(value(), schema))!;
    expect(out.valueSchema!.field('age')!.schema.type).toBe('STRING');
    expect(out.valueSchema!.field('age')!.schema.isOptional).toBe(true);
    expect((out.value as Struct).get('age')).toMatch(/^tok_k1_/);
  });

  test('drop removes the field from the schema; derived schemas are cached per input schema', () => {
    const t = configured({ fields: 'address.zip', action: 'drop' });
    const first = t.apply(rec(value(), schema))!;
    const second = t.apply(rec(value(), schema))!;
    expect(first.valueSchema!.field('address')!.schema.fields().map((f) => f.name)).toEqual(['geo']);
    expect(second.valueSchema).toBe(first.valueSchema);
  });

  test('missing.fields=fail rejects a schema lacking a named path, without quoting values', () => {
    const t = configured({ fields: 'phone', 'missing.fields': 'fail' });
    expect(() => t.apply(rec(value(), schema))).toThrow(DataException);
    expect(() => t.apply(rec(value(), schema))).toThrow(/phone/);
  });
});

describe('keys and headers, audit and counters', () => {
  test('MaskPii$Key masks the key', () => {
    const t = new MaskPii<SourceRecord>(KEY);
    t.configure({ fields: 'email' });
    const out = t.apply(new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', key: { email: 'a@b.com' }, value: 'v' }))!;
    expect(out.key).toEqual({ email: '[REDACTED]' });
  });

  test('MaskPii$Headers masks header values by header key and content', () => {
    const headers = new Headers().addString('x-email', 'a@b.com').addString('note', 'ip 10.1.2.3').addString('keep', 'k');
    const out = configured({ fields: 'x-email', detectors: 'ip' }, HEADERS).apply(rec('v', null, headers))!;
    expect([...out.headers].map((h) => [h.key, h.value])).toEqual([['x-email', '[REDACTED]'], ['note', 'ip [REDACTED]'], ['keep', 'k']]);
  });

  test('audit header and counters per rule', () => {
    const t = configured({ fields: 'email', detectors: 'phone', 'audit.header': 'pii' });
    const out = t.apply(rec({ email: 'a@b.com', note: 'call +1 415 555 2671 or +44 20 7946 0958' }))!;
    expect(JSON.parse(out.headers.lastWithName('pii')!.value as string)).toEqual([
      { path: 'email', rule: 'fields' }, { path: 'note', rule: 'phone' }, { path: 'note', rule: 'phone' },
    ]);
    expect(t.counters()).toEqual({ fields: 1, phone: 2 });
  });
});

describe('configuration errors name the key and never the secret', () => {
  test.each([
    [{ fields: 'a', action: 'hash' }, /hash\.key/],
    [{ fields: 'a', action: 'hash', 'hash.key': 'short' }, /at least 16 bytes/],
    [{ fields: 'a', action: 'hash', 'hash.key': KEY_A }, /hash\.key\.id/],
    [{ fields: 'a', action: 'explode' }, /action/],
    [{ detectors: 'dna' }, /Unknown detector/],
    [{ detectors: 'x', 'detectors.x.pattern': '([a-z' }, /detectors\.x\.pattern/],
    [{ detectors: 'x', 'detectors.x.pattern': 'a*' }, /empty string/],
    [{ rules: 'r', 'rules.r.feilds': 'a' }, /rules\.r\.feilds/],
    [{ rules: 'r', 'rules.q.fields': 'a' }, /not listed in rules/],
    [{ fields: 'a..b' }, /Invalid field path/],
    [{ 'field.name.pattern': '(' }, /field\.name\.pattern/],
    [{}, /No PII rule or detector configured/],
    [{ fields: 'a', 'partial.keep.last': 'many' }, /partial\.keep\.last/],
  ])('%j', (config, message) => {
    const t = new MaskPii(VALUE);
    let error: unknown;
    try { t.configure(config as Record<string, string>); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigException);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('first-secret-key');
  });

  test('per-record failures do not leak the original value', () => {
    const schema = SchemaBuilder.struct().field('tags', SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.int32().build()).build()).build();
    const t = configured({ fields: 'tags.secret', action: 'hash', 'hash.key': KEY_A, 'hash.key.id': 'k1', 'nonstring.mode': 'string' });
    const value = new Struct(schema).put('tags', new Map([['secret', 987654321]]));
    let error: unknown;
    try { t.apply(rec(value, schema)); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(DataException);
    expect(String((error as Error).message)).not.toContain('987654321');
    expect((error as Error).cause).toBeUndefined();
  });
});

describe('schemas of masked structs', () => {
  test('structs inside arrays get the same output schema object for every record', () => {
    const item = SchemaBuilder.struct().field('card', SchemaBuilder.int64().build()).field('sku', SchemaBuilder.string().build()).build();
    const schema = SchemaBuilder.struct().field('items', SchemaBuilder.array(item).build()).build();
    const t = configured({ fields: 'items[*].card', 'nonstring.mode': 'string' });
    const make = (card: bigint) => new Struct(schema).put('items', [new Struct(item).put('card', card).put('sku', 's')]);
    const first = t.apply(rec(make(4111111111111111n), schema))!;
    const second = t.apply(rec(make(5500005555555559n), schema))!;
    const items = (r: SourceRecord) => (r.value as Struct).getArray<Struct>('items')!;
    expect(items(first)[0].get('card')).toBe('[REDACTED]');
    expect(second.valueSchema).toBe(first.valueSchema);
    expect(items(second)[0].schema).toBe(items(first)[0].schema);
  });
});
