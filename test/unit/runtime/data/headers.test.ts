import { describe, expect, test } from '@jest/globals';
import { Decimal } from '../../../../runtime/data/decimal.ts';
import { Header, Headers } from '../../../../runtime/data/headers.ts';
import { INT32_SCHEMA, STRING_SCHEMA } from '../../../../runtime/data/schema.ts';
import { SchemaAndValue } from '../../../../runtime/data/schema-and-value.ts';

const keysAndValues = (h: Headers): Array<[string, unknown]> => [...h].map((x) => [x.key, x.value]);

describe('Headers', () => {
  test('keeps order and duplicates; lastWithName and allWithName', () => {
    const h = new Headers().addString('a', '1').addInt('b', 2).addString('a', '3');
    expect(h.size).toBe(3);
    expect(h.lastWithName('a')?.value).toBe('3');
    expect(h.allWithName('a').map((x) => x.value)).toEqual(['1', '3']);
    expect(h.lastWithName('zzz')).toBeUndefined();
    expect(h.lastWithName('b')?.schema).toBe(INT32_SCHEMA);
  });

  test('typed adds validate values against their schema', () => {
    expect(() => new Headers().addInt('x', 1.5)).toThrow();
    expect(() => new Headers().add('x', 'str', INT32_SCHEMA)).toThrow();
    const h = new Headers().add('x', new SchemaAndValue(STRING_SCHEMA, 'v')).addDecimal('d', new Decimal(15n, 1));
    expect(h.lastWithName('d')?.schema?.parameters).toEqual({ scale: '1' });
    expect(new Headers().addString('n', null).lastWithName('n')?.schema?.isOptional).toBe(true);
  });

  test('remove, retainLatest (one key or all), clear', () => {
    const build = (): Headers => new Headers().addString('a', '1').addString('b', '1').addString('a', '2').addString('b', '2');
    expect(keysAndValues(build().remove('a'))).toEqual([['b', '1'], ['b', '2']]);
    expect(keysAndValues(build().retainLatest('a'))).toEqual([['b', '1'], ['a', '2'], ['b', '2']]);
    expect(keysAndValues(build().retainLatest())).toEqual([['a', '2'], ['b', '2']]);
    expect(build().clear().isEmpty()).toBe(true);
  });

  test('duplicate is independent; apply transforms or drops headers', () => {
    const h = new Headers().addString('a', '1');
    const copy = h.duplicate().addString('b', '2');
    expect(h.size).toBe(1);
    expect(copy.size).toBe(2);
    copy.apply('a', (x) => x.with(STRING_SCHEMA, 'changed')).apply((x) => (x.key === 'b' ? null : x));
    expect(keysAndValues(copy)).toEqual([['a', 'changed']]);
    expect(new Header('k', null, 1).rename('j').key).toBe('j');
    expect(h.equals(new Headers().addString('a', '1'))).toBe(true);
    expect(h.equals(copy)).toBe(false);
  });
});
