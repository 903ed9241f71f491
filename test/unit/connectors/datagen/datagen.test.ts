import { describe, expect, test } from '@jest/globals';
import { Struct, type SourceRecord } from '../../../../runtime/api/index.ts';
import { DatagenConnector, DatagenTask, parseGeneratorSchema, QUICKSTART_NAMES } from '../../../../connectors/datagen/index.ts';
import { initializeSourceTask } from '../source-task-harness.ts';

const SCHEMA = JSON.stringify({
  type: 'record', name: 'widget', namespace: 'acme',
  fields: [
    { name: 'id', type: { type: 'long', 'arg.properties': { iteration: { start: 100, step: 2 } } } },
    { name: 'colour', type: { type: 'string', 'arg.properties': { options: ['red', 'green'] } } },
    { name: 'size', type: { type: 'int', 'arg.properties': { range: { min: 1, max: 4 } } } },
    { name: 'code', type: { type: 'string', 'arg.properties': { regex: 'W-[A-C][0-9]{2}(x|yz)?' } } },
    { name: 'price', type: { type: 'double', 'arg.properties': { range: { min: 0.5, max: 2.5 } } } },
    { name: 'active', type: 'boolean' },
  ],
});

async function startTask(props: Record<string, string>, committed?: number): Promise<DatagenTask> {
  const task = new DatagenTask();
  const partition = { 'task.id': Number(props['task.index'] ?? 0) };
  initializeSourceTask(task, committed === undefined ? [] : [[partition, { 'current.iteration': BigInt(committed) }]]);
  await task.start({ 'kafka.topic': 'widgets', 'max.interval': '0', 'random.seed': '42', ...props });
  return task;
}

/** Polls until `count` records came (a finished task idles a second before returning null). */
async function drain(task: DatagenTask, count: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  while (out.length < count) {
    const batch = await task.poll();
    if (batch === null) break;
    out.push(...batch);
  }
  return out;
}

const fields = (r: SourceRecord): Record<string, unknown> => {
  const s = r.value as Struct;
  return Object.fromEntries(s.schema.fields().map((f) => [f.name, s.get(f.name)]));
};

describe('datagen schema.string', () => {
  test('fields get Connect types and follow their arg.properties', async () => {
    const task = await startTask({ 'schema.string': SCHEMA, 'schema.keyfield': 'colour', iterations: '200' });
    const records = await drain(task, 200);
    expect(records).toHaveLength(200);
    const schema = records[0].valueSchema!;
    expect(schema.name).toBe('acme.widget');
    expect(schema.fields().map((f) => [f.name, f.schema.type])).toEqual([
      ['id', 'INT64'], ['colour', 'STRING'], ['size', 'INT32'], ['code', 'STRING'], ['price', 'FLOAT64'], ['active', 'BOOLEAN'],
    ]);
    records.forEach((r, i) => {
      const v = fields(r);
      expect(v.id).toBe(BigInt(100 + 2 * i));
      expect(['red', 'green']).toContain(v.colour);
      expect([1, 2, 3]).toContain(v.size);
      expect(v.code).toMatch(/^W-[A-C][0-9]{2}(x|yz)?$/);
      expect(v.price as number).toBeGreaterThanOrEqual(0.5);
      expect(v.price as number).toBeLessThan(2.5);
      expect(typeof v.active).toBe('boolean');
      expect(r.key).toBe(v.colour);
      expect(r.keySchema!.type).toBe('STRING');
      expect(r.topic).toBe('widgets');
      expect(r.sourcePartition).toEqual({ 'task.id': 0 });
      expect(r.sourceOffset).toEqual({ 'current.iteration': i + 1 });
    });
    expect(new Set(records.map((r) => fields(r).colour))).toEqual(new Set(['red', 'green']));
  });

  test('without a key field records have no key', async () => {
    const records = await drain(await startTask({ 'schema.string': SCHEMA, iterations: '3' }), 3);
    expect(records.map((r) => [r.key, r.keySchema])).toEqual([[null, null], [null, null], [null, null]]);
  });

  test('unsupported types and bad JSON are config errors', () => {
    expect(() => parseGeneratorSchema('{')).toThrow(/^Invalid value \{ for configuration schema.string: Not valid JSON/);
    expect(() => parseGeneratorSchema(JSON.stringify({ type: 'record', fields: [{ name: 'a', type: 'map' }] })))
      .toThrow('Field a has type "map"; supported: int, long, string, boolean, double, float');
  });
});

describe('datagen quickstarts', () => {
  test.each(QUICKSTART_NAMES.map((n) => [n]))('%s produces keyed structs', async (quickstart) => {
    const records = await drain(await startTask({ quickstart, iterations: '20' }), 20);
    expect(records).toHaveLength(20);
    for (const r of records) {
      (r.value as Struct).validate();
      expect(r.key).not.toBeNull();
    }
  });

  test('users look like Confluent\'s users quickstart', async () => {
    const [r] = await drain(await startTask({ quickstart: 'users', iterations: '1' }), 1);
    const v = fields(r);
    expect(Object.keys(v)).toEqual(['registertime', 'userid', 'regionid', 'gender']);
    expect(v.userid).toMatch(/^User_[1-9]$/);
    expect(v.regionid).toMatch(/^Region_[1-9]$/);
    expect(['MALE', 'FEMALE', 'OTHER']).toContain(v.gender);
    expect(typeof v.registertime).toBe('bigint');
    expect(r.key).toBe(v.userid);
  });
});

describe('datagen determinism, iterations, tasks and offsets', () => {
  test('the same seed gives the same records; another seed does not', async () => {
    const a = (await drain(await startTask({ quickstart: 'orders', iterations: '50' }), 50)).map(fields);
    const b = (await drain(await startTask({ quickstart: 'orders', iterations: '50' }), 50)).map(fields);
    const c = (await drain(await startTask({ quickstart: 'orders', iterations: '50', 'random.seed': '7' }), 50)).map(fields);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test('tasks.max splits the iterations; together the tasks make the same records as one task', async () => {
    const connector = new DatagenConnector();
    connector.start({ 'kafka.topic': 'o', quickstart: 'orders', iterations: '10', 'max.interval': '0', 'random.seed': '42' });
    const configs = connector.taskConfigs(3);
    expect(configs.map((c) => [c['task.index'], c['task.count']])).toEqual([['0', '3'], ['1', '3'], ['2', '3']]);
    const perTask = await Promise.all(configs.map(async (c) => drain(await startTask(c), 10)));
    expect(perTask.map((r) => r.length)).toEqual([4, 3, 3]);
    const byId = (records: SourceRecord[]) => records.map(fields).sort((x, y) => (x.orderid as number) - (y.orderid as number));
    const single = await drain(await startTask({ quickstart: 'orders', iterations: '10' }), 10);
    expect(byId(perTask.flat())).toEqual(byId(single));
  });

  test('a restart resumes after the committed count and continues the same sequence', async () => {
    const all = (await drain(await startTask({ quickstart: 'pageviews', iterations: '10' }), 10)).map(fields);
    const resumed = await drain(await startTask({ quickstart: 'pageviews', iterations: '10' }, 6), 4);
    expect(resumed.map(fields)).toEqual(all.slice(6));
    expect(resumed[0].sourceOffset).toEqual({ 'current.iteration': 7 });
  });

  test('batch.size sets the records per poll at max.interval=0; max.interval>0 gives one record per poll', async () => {
    const fast = await startTask({ quickstart: 'users', iterations: '-1', 'batch.size': '250' });
    expect((await fast.poll())!.length).toBe(250);
    expect((await fast.poll())!.length).toBe(250);
    const slow = await startTask({ quickstart: 'users', iterations: '-1', 'max.interval': '5' });
    expect((await slow.poll())!.length).toBe(1);
  });

  test('once its share is produced the task idles and stop() ends the wait', async () => {
    const task = await startTask({ quickstart: 'users', iterations: '1' });
    expect((await task.poll())!.length).toBe(1);
    const idle = task.poll();
    task.stop();
    expect(await idle).toBeNull();
  });
});

describe('DatagenConnector validation', () => {
  const validate = (props: Record<string, string>) => Object.fromEntries(
    new DatagenConnector().validate({ 'kafka.topic': 't', ...props }).configValues.map((v) => [v.name, v.errorMessages]));

  test('exactly one of quickstart and schema.string; a known quickstart; a real key field', () => {
    expect(validate({ quickstart: 'users' }).quickstart).toEqual([]);
    expect(validate({}).quickstart).toEqual(['Invalid value  for configuration quickstart: Exactly one of quickstart and schema.string must be set']);
    expect(validate({ quickstart: 'nope' }).quickstart[0]).toMatch(/Unknown quickstart; valid quickstarts are users, pageviews, orders/);
    expect(validate({ quickstart: 'users', 'schema.keyfield': 'nope' })['schema.keyfield'])
      .toEqual(['Invalid value nope for configuration schema.keyfield: Not a field of the value schema']);
    expect(validate({ 'schema.string': '{"type":"record"}' })['schema.string'][0]).toMatch(/non-empty "fields" array/);
  });
});
