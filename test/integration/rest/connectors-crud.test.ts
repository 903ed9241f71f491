// Create, read, update, patch and delete over real HTTP, with Kafka Connect's codes and bodies.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { FILE_SINK, FILE_SOURCE, sinkConfig, sourceConfig, startRestHarness, type RestHarness } from './support/rest-harness.ts';

let h: RestHarness;
beforeAll(async () => { h = await startRestHarness(); });
afterAll(async () => { await h.stop(); });

describe('POST /connectors', () => {
  test('creates: 201, Location, info with name, config (name added), tasks and type in that order', async () => {
    const res = await h.request('POST', '/connectors', { name: 'src-a', config: sourceConfig() });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${h.baseUrl}/connectors/src-a`);
    expect(Object.keys(res.body as object)).toEqual(['name', 'config', 'tasks', 'type']);
    expect(res.body).toEqual({ name: 'src-a', config: { ...sourceConfig(), name: 'src-a' }, tasks: [{ connector: 'src-a', task: 0 }], type: 'source' });
  });

  test('a second create with the same name: 409 already exists', async () => {
    const res = await h.request('POST', '/connectors', { name: 'src-a', config: sourceConfig() });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error_code: 409, message: 'Connector src-a already exists' });
  });

  test('name in config different from the body name: 400', async () => {
    const res = await h.request('POST', '/connectors', { name: 'x', config: { ...sourceConfig(), name: 'y' } });
    expect(res.body).toEqual({ error_code: 400, message: "Connector name configuration (y) doesn't match connector name in the URL (x)" });
  });

  test('empty and control-character names are invalid configs: 400 listing the error', async () => {
    const empty = await h.request('POST', '/connectors', { name: '  ', config: sourceConfig() });
    expect(empty.status).toBe(400);
    expect((empty.body as { message: string }).message).toBe('Connector configuration is invalid and contains the following 1 error(s):\n'
      + 'Invalid value  for configuration name: String may not be empty\n'
      + 'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`');
    const control = await h.request('POST', '/connectors', { name: 'a\nb', config: sourceConfig() });
    expect(control.status).toBe(400);
    expect((control.body as { message: string }).message).toContain('String may not contain control sequences but had the following ASCII chars: 10');
  });

  test('an invalid config: 400 with every error; nothing is created', async () => {
    const res = await h.request('POST', '/connectors', { name: 'bad', config: { 'connector.class': FILE_SOURCE, 'tasks.max': 'zero' } });
    expect(res.status).toBe(400);
    const message = (res.body as { message: string }).message;
    expect(message).toMatch(/^Connector configuration is invalid and contains the following 2 error\(s\):\n/);
    expect(message).toContain('Invalid value zero for configuration tasks.max: Not a number of type INT');
    expect(message).toContain('Missing required configuration "topic" which has no default value.');
    expect((await h.request('GET', '/connectors/bad')).status).toBe(404);
  });

  test('a config without connector.class: 400; an unknown class: 500 as Kafka', async () => {
    const none = await h.request('POST', '/connectors', { name: 'nc', config: { topic: 't' } });
    expect(none.body).toEqual({ error_code: 400, message: 'Connector config {topic=t, name=nc} contains no connector type' });
    const unknown = await h.request('POST', '/connectors', { name: 'uc', config: { 'connector.class': 'com.example.Nope' } });
    expect(unknown.status).toBe(500);
    expect((unknown.body as { message: string }).message).toMatch(/^Failed to find any class that implements Connector and which name matches com.example.Nope/);
  });

  test('malformed JSON and unknown fields are 500s carrying the parser message (Kafka does not answer 400)', async () => {
    const malformed = await h.request('POST', '/connectors', '{"name": "m", ');
    expect(malformed.status).toBe(500);
    expect(malformed.body).toMatchObject({ error_code: 500 });
    const flat = await h.request('POST', '/connectors', { name: 'f', 'connector.class': FILE_SOURCE });
    expect(flat.status).toBe(500);
    expect((flat.body as { message: string }).message).toMatch(/^Unrecognized field "connector.class" \(class org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest\)/);
  });

  test('a form-encoded body: 415', async () => {
    const res = await h.request('POST', '/connectors', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.body).toEqual({ error_code: 415, message: 'HTTP 415 Unsupported Media Type' });
  });

  test('numbers in the config are taken as their text', async () => {
    const res = await h.request('POST', '/connectors', { name: 'numeric', config: { ...sourceConfig(), 'tasks.max': 1 } });
    expect(res.status).toBe(201);
    expect((res.body as { config: Record<string, string> }).config['tasks.max']).toBe('1');
  });
});

describe('GET /connectors and /connectors/{c}', () => {
  test('lists names; expand=status and expand=info give both per connector', async () => {
    await h.request('POST', '/connectors', { name: 'sink-a', config: sinkConfig() });
    const names = await h.request('GET', '/connectors');
    expect(names.body).toEqual(expect.arrayContaining(['src-a', 'sink-a']));
    const expanded = await h.request('GET', '/connectors?expand=status&expand=info');
    const entry = (expanded.body as Record<string, { status: { connector: { state: string } }; info: { type: string } }>)['sink-a'];
    expect(entry.status.connector.state).toBe('RUNNING');
    expect(entry.info.type).toBe('sink');
    expect(Object.keys(entry)).toEqual(['status', 'info']);
  });

  test('unknown connector: 404 "Connector X not found" on info, config, tasks', async () => {
    for (const path of ['/connectors/nope', '/connectors/nope/config', '/connectors/nope/tasks']) {
      const res = await h.request('GET', path);
      expect([path, res.status, res.body]).toEqual([path, 404, { error_code: 404, message: 'Connector nope not found' }]);
    }
  });

  test('config and tasks-config', async () => {
    expect((await h.request('GET', '/connectors/src-a/config')).body).toEqual({ ...sourceConfig(), name: 'src-a' });
    const tasks = await h.request('GET', '/connectors/src-a/tasks-config');
    expect(Object.keys(tasks.body as object)).toEqual(['src-a-0']);
  });
});

describe('PUT and PATCH /connectors/{c}/config', () => {
  test('PUT creates (201 + Location) then updates (200)', async () => {
    const created = await h.request('PUT', '/connectors/put-a/config', sinkConfig());
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${h.baseUrl}/connectors/put-a`);
    const updated = await h.request('PUT', '/connectors/put-a/config', sinkConfig({ file: '/tmp/other.txt' }));
    expect(updated.status).toBe(200);
    expect(updated.headers.get('location')).toBeNull();
    expect((updated.body as { config: Record<string, string> }).config.file).toBe('/tmp/other.txt');
  });

  test('PUT with a different name in the body: 400', async () => {
    const res = await h.request('PUT', '/connectors/put-a/config', sinkConfig({ name: 'other' }));
    expect(res.body).toEqual({ error_code: 400, message: "Connector name configuration (other) doesn't match connector name in the URL (put-a)" });
  });

  test('PATCH merges, null removes a key; unknown connector 404', async () => {
    const res = await h.request('PATCH', '/connectors/put-a/config', { file: null, 'tasks.max': '2' });
    expect(res.status).toBe(200);
    const config = (res.body as { config: Record<string, string> }).config;
    expect(config).toEqual({ 'connector.class': FILE_SINK, topics: 'lines', name: 'put-a', 'tasks.max': '2' });
    const missing = await h.request('PATCH', '/connectors/nope/config', { file: 'x' });
    expect(missing.body).toEqual({ error_code: 404, message: 'Connector nope not found' });
  });
});

describe('DELETE /connectors/{c}', () => {
  test('204 then 404', async () => {
    const res = await h.request('DELETE', '/connectors/put-a');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await h.request('DELETE', '/connectors/put-a')).body).toEqual({ error_code: 404, message: 'Connector put-a not found' });
    expect((await h.request('GET', '/connectors')).body).not.toContain('put-a');
  });
});
