import { describe, expect, test } from '@jest/globals';
import { ConfigDef } from '../../../../runtime/config/config-def.ts';
import { ConfigException } from '../../../../runtime/config/config-exception.ts';
import { Password } from '../../../../runtime/config/password.ts';
import { Range, customValidator, nonEmptyString, validString, validRegex } from '../../../../runtime/config/validators.ts';

const def = (): ConfigDef => new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic.', validator: nonEmptyString, group: 'Main', orderInGroup: 1 })
  .define({ name: 'tasks.max', type: 'INT', defaultValue: 1, importance: 'HIGH', documentation: 'Tasks.', validator: Range.atLeast(1) })
  .define({ name: 'ratio', type: 'DOUBLE', defaultValue: '0.5', importance: 'LOW', documentation: 'Ratio.' })
  .define({ name: 'enabled', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', documentation: 'On.' })
  .define({ name: 'size', type: 'LONG', defaultValue: 10, importance: 'LOW', documentation: 'Size.' })
  .define({ name: 'fields', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'Fields.' })
  .define({ name: 'mode', type: 'STRING', defaultValue: 'a', importance: 'MEDIUM', documentation: 'Mode.', validator: validString('a', 'b') })
  .define({ name: 'secret', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', documentation: 'Secret.' })
  .define({ name: 'level', type: 'SHORT', defaultValue: 3, importance: 'LOW', documentation: 'Level.' })
  .define({ name: 'connector.class', type: 'CLASS', defaultValue: null, importance: 'HIGH', documentation: 'Class.' });

describe('ConfigDef.parse', () => {
  test('parses strings into typed values and fills defaults', () => {
    const parsed = def().parse({ topic: ' t ', 'tasks.max': '4', ratio: '2.5', enabled: 'TRUE', size: '9007199254740991',
      fields: 'a, b ,c', secret: 'pw', level: '-2', 'connector.class': 'FileStreamSource', unknown: 'ignored' });
    expect(parsed).toEqual({ topic: 't', 'tasks.max': 4, ratio: 2.5, enabled: true, size: 9007199254740991,
      fields: ['a', 'b', 'c'], mode: 'a', secret: new Password('pw'), level: -2, 'connector.class': 'FileStreamSource' });
    expect(def().parse({ topic: 't' })).toMatchObject({ 'tasks.max': 1, ratio: 0.5, fields: [], secret: null });
  });

  test.each([
    [{}, 'Missing required configuration "topic" which has no default value.'],
    [{ topic: 't', 'tasks.max': 'abc' }, 'Invalid value abc for configuration tasks.max: Not a number of type INT'],
    [{ topic: 't', 'tasks.max': '0' }, 'Invalid value 0 for configuration tasks.max: Value must be at least 1'],
    [{ topic: 't', 'tasks.max': '2147483648' }, 'Not a number of type INT'],
    [{ topic: 't', enabled: 'yes' }, 'Invalid value yes for configuration enabled: Expected value to be either true or false'],
    [{ topic: 't', mode: 'c' }, 'Invalid value c for configuration mode: String must be one of: a, b'],
    [{ topic: '' }, 'Invalid value  for configuration topic: String must be non-empty'],
    [{ topic: 't', level: '40000' }, 'Not a number of type SHORT'],
  ])('%p is rejected naming the key: %s', (props, message) => {
    let error: unknown;
    try { def().parse(props); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigException);
    expect((error as Error).message).toContain(message);
  });

  test('a default that its own validator rejects fails at define time; a key cannot be defined twice', () => {
    expect(() => new ConfigDef().define({ name: 'n', type: 'INT', defaultValue: 0, importance: 'LOW', documentation: '', validator: Range.between(1, 5) }))
      .toThrow('Invalid default value for configuration n');
    expect(() => def().define({ name: 'topic', type: 'STRING', importance: 'LOW', documentation: '' })).toThrow('defined twice');
  });
});

describe('ConfigDef.validate', () => {
  test('reports every key with its value and errors instead of throwing', () => {
    const results = new Map(def().validate({ 'tasks.max': '0', mode: 'b' }).map((v) => [v.name, v]));
    expect(results.get('topic')!.errorMessages).toEqual(['Missing required configuration "topic" which has no default value.']);
    expect(results.get('tasks.max')!.errorMessages).toEqual(['Invalid value 0 for configuration tasks.max: Value must be at least 1']);
    expect(results.get('mode')).toMatchObject({ value: 'b', errorMessages: [], visible: true });
    expect(results.size).toBe(10);
  });

  test('recommenders give recommended values and visibility from the other parsed values', () => {
    const d = new ConfigDef()
      .define({ name: 'format', type: 'STRING', defaultValue: 'json', importance: 'HIGH', documentation: '', dependents: ['schema.registry'] })
      .define({ name: 'schema.registry', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '',
        recommender: {
          validValues: () => ['http://registry:8081'],
          visible: (_name, parsed) => parsed.format === 'avro',
        } });
    const byName = (props: Record<string, string>) => new Map(d.validate(props).map((v) => [v.name, v]));
    expect(byName({}).get('schema.registry')).toMatchObject({ visible: false, recommendedValues: ['http://registry:8081'] });
    expect(byName({ format: 'avro' }).get('schema.registry')!.visible).toBe(true);
  });

  test('dependents that are not defined are reported', () => {
    const d = new ConfigDef().define({ name: 'a', type: 'STRING', defaultValue: 'x', importance: 'LOW', documentation: '', dependents: ['ghost'] });
    expect(d.validate({}).find((v) => v.name === 'ghost')!.errorMessages[0]).toContain('ghost is referred in the dependents');
  });

  test('custom and regex validators', () => {
    const d = new ConfigDef()
      .define({ name: 'even', type: 'INT', defaultValue: 2, importance: 'LOW', documentation: '',
        validator: customValidator('even number', (_n, v) => ((v as number) % 2 === 0 ? undefined : 'must be even')) })
      .define({ name: 'topics.regex', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: '', validator: validRegex });
    expect(() => d.parse({ even: '3' })).toThrow('Invalid value 3 for configuration even: must be even');
    expect(() => d.parse({ 'topics.regex': '(' })).toThrow('Invalid regular expression');
  });
});

describe('ConfigDef metadata', () => {
  test('configKeys keep definition order, groups, display metadata and required-ness', () => {
    const keys = def().configKeys();
    expect([...keys.keys()].slice(0, 3)).toEqual(['topic', 'tasks.max', 'ratio']);
    expect(keys.get('topic')).toMatchObject({ group: 'Main', orderInGroup: 1, displayName: 'topic', width: 'NONE', importance: 'HIGH' });
    expect(def().groups()).toEqual(['Main']);
    expect(def().convertToString('fields', ['a', 'b'])).toBe('a,b');
    expect(def().convertToString('secret', new Password('x'))).toBe('[hidden]');
  });

  test('embed adds a child definition under a prefix (transform configs inside a connector config)', () => {
    const child = new ConfigDef().define({ name: 'field', type: 'STRING', importance: 'HIGH', documentation: 'F.', dependents: ['x'] });
    const parent = new ConfigDef().embed('transforms.mask.', 'Transforms: mask', 0, child);
    expect(parent.configKeys().get('transforms.mask.field')).toMatchObject({ group: 'Transforms: mask', orderInGroup: 0, dependents: ['transforms.mask.x'] });
    expect(() => parent.parse({})).toThrow('Missing required configuration "transforms.mask.field"');
  });
});

describe('Password', () => {
  test('never prints its value', () => {
    const p = new Password('s3cret');
    expect(String(p)).toBe('[hidden]');
    expect(JSON.stringify({ p })).toBe('{"p":"[hidden]"}');
    expect(`${p}`).not.toContain('s3cret');
    expect(p.value).toBe('s3cret');
  });
});
