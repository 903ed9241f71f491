// GET /, /health, /admin/loggers, unknown paths and methods, CORS, and the forwarding seam.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { NotLeaderError } from '../../../runtime/herder/herder-errors.ts';
import type { ForwardedRequest } from '../../../runtime/rest/forwarding.ts';
import { RUNTIME_VERSION } from '../../../runtime/plugins/runtime-version.ts';
import { sourceConfig, startRestHarness, type RestHarness } from './support/rest-harness.ts';

let h: RestHarness;
beforeAll(async () => { h = await startRestHarness(); });
afterAll(async () => { await h.stop(); });

describe('root', () => {
  test('GET /: version, commit, kafka_cluster_id', async () => {
    const res = await h.request('GET', '/');
    expect(res.text).toBe(JSON.stringify({ version: RUNTIME_VERSION, commit: 'abc123', kafka_cluster_id: 'test-cluster-id' }));
  });

  test('GET /health: healthy', async () => {
    expect((await h.request('GET', '/health')).body).toEqual({ status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' });
  });

  test('unknown path 404, known path with another method 405, as Jersey answers', async () => {
    expect((await h.request('GET', '/nothing-here')).body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
    expect((await h.request('DELETE', '/connector-plugins')).body).toEqual({ error_code: 405, message: 'HTTP 405 Method Not Allowed' });
  });
});

describe('/admin/loggers', () => {
  test('initially only root, with last_modified null', async () => {
    expect((await h.request('GET', '/admin/loggers')).body).toEqual({ root: { level: 'INFO', last_modified: null } });
  });

  test('PUT a namespace: the affected loggers; GET shows the level and when it was set', async () => {
    const before = Date.now();
    const res = await h.request('PUT', '/admin/loggers/io.tributary.rest', { level: 'debug' });
    expect(res.body).toEqual(['io.tributary.rest']);
    const level = (await h.request('GET', '/admin/loggers/io.tributary.rest')).body as { level: string; last_modified: number };
    expect(level.level).toBe('DEBUG');
    expect(level.last_modified).toBeGreaterThanOrEqual(before);
    expect(Object.keys((await h.request('GET', '/admin/loggers')).body as object)).toEqual(['io.tributary.rest', 'root']);
  });

  test('scope=cluster: 204', async () => {
    const res = await h.request('PUT', '/admin/loggers/io.tributary.rest?scope=cluster', { level: 'WARN' });
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await h.request('GET', '/admin/loggers/io.tributary.rest')).body).toMatchObject({ level: 'WARN' });
  });

  test('unknown logger 404; missing level 400; invalid level 404 as Kafka', async () => {
    expect((await h.request('GET', '/admin/loggers/no.such')).body).toEqual({ error_code: 404, message: 'Logger no.such not found.' });
    expect((await h.request('PUT', '/admin/loggers/x', {})).body).toEqual({ error_code: 400, message: "Desired 'level' parameter was not specified in request." });
    expect((await h.request('PUT', '/admin/loggers/x', { level: 'LOUD' })).body).toEqual({ error_code: 404, message: "invalid log level 'LOUD'." });
  });
});

describe('CORS (access.control.allow.origin)', () => {
  test('off by default: no CORS headers', async () => {
    const res = await h.request('GET', '/connectors', undefined, { origin: 'http://ui.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('on: the origin is echoed, preflight lists the allowed methods', async () => {
    const cors = await startRestHarness({ 'access.control.allow.origin': 'http://ui.example', 'access.control.allow.methods': 'GET,POST,PUT,DELETE' });
    try {
      const simple = await cors.request('GET', '/connectors', undefined, { origin: 'http://ui.example' });
      expect(simple.headers.get('access-control-allow-origin')).toBe('http://ui.example');
      const preflight = await cors.request('OPTIONS', '/connectors', undefined, { origin: 'http://ui.example', 'access-control-request-method': 'PUT' });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,DELETE');
      const other = await cors.request('GET', '/connectors', undefined, { origin: 'http://evil.example' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cors.stop();
    }
  });
});

describe('forwarding seam', () => {
  test('a NotLeaderError write is forwarded once, with forward=true, and the leader\'s answer relayed', async () => {
    const seen: ForwardedRequest[] = [];
    const follower = await startRestHarness({}, async (request) => {
      seen.push(request);
      return { status: 201, body: { forwarded: true } };
    });
    try {
      follower.herder.putConnectorConfig = async () => { throw new NotLeaderError('not the leader', 'http://leader:8083'); };
      const res = await follower.request('POST', '/connectors', { name: 'f', config: sourceConfig() });
      expect([res.status, res.body]).toEqual([201, { forwarded: true }]);
      expect(seen).toEqual([expect.objectContaining({ url: 'http://leader:8083/connectors?forward=true', method: 'POST' })]);
      const again = await follower.request('POST', '/connectors?forward=false', { name: 'f', config: sourceConfig() });
      expect(again.body).toEqual({ error_code: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' });
    } finally {
      await follower.stop();
    }
  });

  test('a leader that cannot be reached: 500 naming the cause, as Kafka answers', async () => {
    const follower = await startRestHarness({}, async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    });
    try {
      follower.herder.putConnectorConfig = async () => { throw new NotLeaderError('not the leader', 'http://127.0.0.1:1'); };
      const res = await follower.request('POST', '/connectors', { name: 'f', config: sourceConfig() });
      expect([res.status, res.body]).toEqual([500, { error_code: 500, message: 'IO Error trying to forward REST request: connect ECONNREFUSED 127.0.0.1:1' }]);
    } finally {
      await follower.stop();
    }
  });
});
