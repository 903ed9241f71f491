// /connector-plugins: listing, config definitions and validation (cases from Kafka's ConnectorPluginsResourceTest).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { FILE_SINK, FILE_SOURCE, startRestHarness, type RestHarness } from './support/rest-harness.ts';

let h: RestHarness;
beforeAll(async () => { h = await startRestHarness(); });
afterAll(async () => { await h.stop(); });

interface ConfigInfo { definition: { name: string; group: string | null; order: number } | null; value: { name: string; errors: string[]; value: string | null } }
interface ConfigInfos { name: string; error_count: number; groups: string[]; configs: ConfigInfo[] }
const valueOf = (infos: ConfigInfos, name: string) => infos.configs.find((c) => c.value?.name === name)?.value;

describe('GET /connector-plugins', () => {
  test('connectors only by default: sinks then sources, {class, type, version}', async () => {
    const plugins = (await h.request('GET', '/connector-plugins')).body as Array<{ class: string; type: string; version: string }>;
    expect(plugins.map((p) => p.type)).toEqual([...plugins.map((p) => p.type)].sort((a, b) => (a === b ? 0 : a === 'sink' ? -1 : 1)));
    expect(plugins).toContainEqual({ class: FILE_SOURCE, type: 'source', version: expect.any(String) });
    expect(Object.keys(plugins[0])).toEqual(['class', 'type', 'version']);
    expect(plugins.every((p) => p.type === 'source' || p.type === 'sink')).toBe(true);
  });

  test('connectorsOnly=false adds transformations, predicates, converters and header converters', async () => {
    const plugins = (await h.request('GET', '/connector-plugins?connectorsOnly=false')).body as Array<{ class: string; type: string }>;
    const types = new Set(plugins.map((p) => p.type));
    expect([...types]).toEqual(['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter']);
    expect(plugins).toContainEqual(expect.objectContaining({ class: 'org.apache.kafka.connect.transforms.Cast$Value', type: 'transformation' }));
  });
});

describe('GET /connector-plugins/{p}/config', () => {
  test('the connector\'s keys, then the framework\'s, each shaped as Kafka\'s ConfigKeyInfo', async () => {
    const keys = (await h.request('GET', '/connector-plugins/FileStreamSource/config')).body as Array<Record<string, unknown>>;
    expect(keys.map((k) => k.name).slice(0, 2)).toEqual(['file', 'topic']);
    const name = keys.find((k) => k.name === 'name')!;
    expect(Object.keys(name)).toEqual(['name', 'type', 'required', 'default_value', 'importance', 'documentation', 'group', 'width', 'display_name', 'dependents', 'order']);
    expect(name).toMatchObject({ type: 'STRING', required: true, default_value: null, importance: 'HIGH', group: 'Common', width: 'MEDIUM', display_name: 'Connector name', order: 1 });
    expect(keys.find((k) => k.name === 'tasks.max')).toMatchObject({ type: 'INT', required: false, default_value: '1' });
  });

  test('a transformation by alias; unknown plugin 404', async () => {
    const keys = (await h.request('GET', '/connector-plugins/Cast$Value/config')).body as Array<{ name: string }>;
    expect(keys.map((k) => k.name)).toContain('spec');
    expect((await h.request('GET', '/connector-plugins/com.example.Nope/config')).body).toEqual({ error_code: 404, message: 'Unknown plugin com.example.Nope.' });
  });
});

describe('PUT /connector-plugins/{p}/config/validate', () => {
  test('a valid config: error_count 0, name is the class, groups in order', async () => {
    const res = await h.request('PUT', '/connector-plugins/FileStreamSink/config/validate',
      { 'connector.class': FILE_SINK, name: 'v', topics: 't', file: '/tmp/x' });
    const infos = res.body as ConfigInfos;
    expect(res.status).toBe(200);
    expect(Object.keys(infos)).toEqual(['name', 'error_count', 'groups', 'configs']);
    expect(infos).toMatchObject({ name: FILE_SINK, error_count: 0 });
    expect(infos.groups.slice(0, 3)).toEqual(['Common', 'Transforms', 'Predicates']);
    expect(Object.keys(infos.configs[0])).toEqual(['definition', 'value']);
    expect(Object.keys(infos.configs[0].value)).toEqual(['name', 'value', 'recommended_values', 'errors', 'visible']);
  });

  test('sink topic rules: neither topics nor topics.regex is an error on both', async () => {
    const infos = (await h.request('PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', { 'connector.class': FILE_SINK, name: 'v' })).body as ConfigInfos;
    expect(infos.error_count).toBe(2);
    expect(valueOf(infos, 'topics')!.errors).toEqual(['Must configure one of topics or topics.regex']);
    expect(valueOf(infos, 'topics.regex')!.errors).toEqual(['Must configure one of topics or topics.regex']);
  });

  test('transforms are enriched: the type key and the transform\'s own keys appear under the alias', async () => {
    const infos = (await h.request('PUT', '/connector-plugins/FileStreamSource/config/validate', {
      'connector.class': FILE_SOURCE, name: 'v', topic: 't', transforms: 'cast,bad',
      'transforms.cast.type': 'Cast$Value', 'transforms.cast.spec': 'int8',
      'transforms.bad.type': 'com.example.Missing', 'transforms.cast.negate': 'true',
    })).body as ConfigInfos;
    expect(infos.groups).toEqual(expect.arrayContaining(['Transforms: cast', 'Transforms: bad']));
    const type = infos.configs.find((c) => c.definition?.name === 'transforms.cast.type')!;
    expect(type.definition).toMatchObject({ group: 'Transforms: cast', order: 0 });
    expect(infos.configs.some((c) => c.definition?.name === 'transforms.cast.spec')).toBe(true);
    expect(valueOf(infos, 'transforms.bad.type')!.errors).toEqual(['Invalid value com.example.Missing for configuration transforms.bad.type: Class com.example.Missing could not be found.']);
    expect(valueOf(infos, 'transforms.cast.type')!.errors).toEqual(["Config 'transforms.cast.negate' was provided but there is no config 'transforms.cast.predicate' defining a predicate to be negated."]);
    expect(infos.error_count).toBe(2);
  });

  test('connector.class that does not match the path: 400; none at all: 400', async () => {
    const mismatch = await h.request('PUT', '/connector-plugins/FileStreamSink/config/validate', { 'connector.class': FILE_SOURCE });
    expect(mismatch.body).toEqual({ error_code: 400, message: `Included connector type ${FILE_SOURCE} does not match request type FileStreamSink` });
    const none = await h.request('PUT', '/connector-plugins/FileStreamSink/config/validate', { topics: 't' });
    expect(none.body).toEqual({ error_code: 400, message: 'Connector config {topics=t} contains no connector type' });
  });

  test('a null value of a framework key is an error of its own', async () => {
    const infos = (await h.request('PUT', '/connector-plugins/FileStreamSink/config/validate', { 'connector.class': FILE_SINK, name: 'v', topics: 't', 'errors.tolerance': null })).body as ConfigInfos;
    expect(valueOf(infos, 'errors.tolerance')!.errors).toEqual(['Null value can not be supplied as the configuration value.']);
    expect(infos.error_count).toBe(1);
  });
});
