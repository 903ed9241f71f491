// Status, restart, pause/resume/stop, tasks, offsets (KIP-875) and active topics over real HTTP.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sinkConfig, sourceConfig, startRestHarness, type RestHarness } from './support/rest-harness.ts';

let h: RestHarness;
let workerId: string;
beforeAll(async () => {
  h = await startRestHarness();
  workerId = h.worker.workerId;
  await h.request('POST', '/connectors', { name: 'src', config: sourceConfig() });
});
afterAll(async () => { await h.stop(); });

describe('status', () => {
  test('connector status: name, connector {state, worker_id}, tasks [{id, state, worker_id}], type', async () => {
    const res = await h.request('GET', '/connectors/src/status');
    expect(res.text).toBe(JSON.stringify({
      name: 'src', connector: { state: 'RUNNING', worker_id: workerId }, tasks: [{ id: 0, state: 'RUNNING', worker_id: workerId }], type: 'source',
    }));
  });

  test('task status, and 404s for unknown connector and task; a non-numeric task id matches no resource', async () => {
    expect((await h.request('GET', '/connectors/src/tasks/0/status')).body).toEqual({ id: 0, state: 'RUNNING', worker_id: workerId });
    expect((await h.request('GET', '/connectors/src/tasks/7/status')).body).toEqual({ error_code: 404, message: 'No status found for task src-7' });
    expect((await h.request('GET', '/connectors/nope/status')).body).toEqual({ error_code: 404, message: 'No status found for connector nope' });
    expect((await h.request('GET', '/connectors/src/tasks/x/status')).body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
  });

  test('a failed task shows its trace after worker_id', async () => {
    h.worker.failTask({ connector: 'src', task: 0 }, new Error('disk on fire'));
    const res = await h.request('GET', '/connectors/src/tasks/0/status');
    const body = res.body as Record<string, string>;
    expect(Object.keys(body)).toEqual(['id', 'state', 'worker_id', 'trace']);
    expect(body.state).toBe('FAILED');
    expect(body.trace).toContain('disk on fire');
  });
});

describe('restart', () => {
  test('plain restart: 204 and no body', async () => {
    const res = await h.request('POST', '/connectors/src/restart');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  test('includeTasks&onlyFailed: 202 with RESTARTING only on the failed task, which then runs again', async () => {
    h.worker.failTask({ connector: 'src', task: 0 }, new Error('boom'));
    const res = await h.request('POST', '/connectors/src/restart?includeTasks=true&onlyFailed=true');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ name: 'src', connector: { state: 'RUNNING' }, tasks: [{ id: 0, state: 'RESTARTING' }], type: 'source' });
    expect((await h.request('GET', '/connectors/src/tasks/0/status')).body).toEqual({ id: 0, state: 'RUNNING', worker_id: workerId });
  });

  test('includeTasks: connector and every task RESTARTING', async () => {
    const res = await h.request('POST', '/connectors/src/restart?includeTasks=true');
    expect(res.body).toMatchObject({ connector: { state: 'RESTARTING' }, tasks: [{ id: 0, state: 'RESTARTING' }] });
  });

  test('unknown connector: 404 with Kafka\'s two messages', async () => {
    expect((await h.request('POST', '/connectors/nope/restart')).body).toEqual({ error_code: 404, message: 'Connector nope not found' });
    expect((await h.request('POST', '/connectors/nope/restart?includeTasks=true')).body).toEqual({ error_code: 404, message: 'Unknown connector: nope' });
  });

  test('task restart: 204; unknown task 404', async () => {
    expect((await h.request('POST', '/connectors/src/tasks/0/restart')).status).toBe(204);
    expect((await h.request('POST', '/connectors/src/tasks/3/restart')).body).toEqual({ error_code: 404, message: 'Task src-3 not found' });
  });
});

describe('pause, resume, stop', () => {
  test('pause: 202, connector and tasks PAUSED; resume: 202, RUNNING', async () => {
    const paused = await h.request('PUT', '/connectors/src/pause');
    expect([paused.status, paused.text]).toEqual([202, '']);
    expect((await h.request('GET', '/connectors/src/status')).body).toMatchObject({ connector: { state: 'PAUSED' }, tasks: [{ state: 'PAUSED' }] });
    expect((await h.request('PUT', '/connectors/src/resume')).status).toBe(202);
    expect((await h.request('GET', '/connectors/src/status')).body).toMatchObject({ connector: { state: 'RUNNING' }, tasks: [{ state: 'RUNNING' }] });
  });

  test('pause and resume of an unknown connector: 404', async () => {
    expect((await h.request('PUT', '/connectors/nope/pause')).body).toEqual({ error_code: 404, message: 'Unknown connector nope' });
    expect((await h.request('PUT', '/connectors/nope/resume')).body).toEqual({ error_code: 404, message: 'Unknown connector nope' });
  });

  test('offsets cannot change while running: 400', async () => {
    const res = await h.request('DELETE', '/connectors/src/offsets');
    expect(res.body).toEqual({ error_code: 400, message: "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/src/stop' endpoint" });
  });

  test('stop: 204, STOPPED with no tasks', async () => {
    const res = await h.request('PUT', '/connectors/src/stop');
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await h.request('GET', '/connectors/src/status')).body).toMatchObject({ connector: { state: 'STOPPED' }, tasks: [] });
    expect((await h.request('GET', '/connectors/src/tasks')).body).toEqual([]);
  });
});

describe('offsets of a stopped source connector', () => {
  const partition = { filename: '/tmp/does-not-matter.txt' };

  test('PATCH alters, GET shows, DELETE resets', async () => {
    const altered = await h.request('PATCH', '/connectors/src/offsets', { offsets: [{ partition, offset: { position: 42 } }] });
    expect(altered.body).toEqual({ message: 'The offsets for this connector have been altered successfully' });
    expect((await h.request('GET', '/connectors/src/offsets')).body).toEqual({ offsets: [{ partition, offset: { position: 42 } }] });
    const reset = await h.request('DELETE', '/connectors/src/offsets');
    expect(reset.body).toEqual({ message: 'The offsets for this connector have been reset successfully' });
    expect((await h.request('GET', '/connectors/src/offsets')).body).toEqual({ offsets: [] });
  });

  test('PATCH without offsets: 400', async () => {
    for (const body of [{ offsets: [] }, {}]) {
      expect((await h.request('PATCH', '/connectors/src/offsets', body)).body)
        .toEqual({ error_code: 400, message: 'Partitions / offsets need to be provided for an alter offsets request' });
    }
  });

  test('resume after stop starts the connector and its tasks again', async () => {
    expect((await h.request('PUT', '/connectors/src/resume')).status).toBe(202);
    expect((await h.request('GET', '/connectors/src/status')).body).toMatchObject({ connector: { state: 'RUNNING' }, tasks: [{ id: 0, state: 'RUNNING' }] });
  });
});

describe('tasks and active topics', () => {
  test('GET tasks: [{id: {connector, task}, config}] with the configs the connector generated', async () => {
    await h.request('POST', '/connectors', { name: 'snk', config: sinkConfig() });
    const res = await h.request('GET', '/connectors/snk/tasks');
    expect(res.text).toBe(JSON.stringify([{ id: { connector: 'snk', task: 0 }, config: { file: '/tmp/sink-out.txt' } }]));
  });

  test('topics: {name: {topics}}, reset 202 empties the set', async () => {
    h.worker.reportTopic('snk', 'lines');
    expect((await h.request('GET', '/connectors/snk/topics')).body).toEqual({ snk: { topics: ['lines'] } });
    const reset = await h.request('PUT', '/connectors/snk/topics/reset');
    expect(reset.status).toBe(202);
    expect((await h.request('GET', '/connectors/snk/topics')).body).toEqual({ snk: { topics: [] } });
  });

  test('topic tracking disabled: 403', async () => {
    const off = await startRestHarness({ 'topic.tracking.enable': 'false' });
    try {
      expect((await off.request('GET', '/connectors/x/topics')).body).toEqual({ error_code: 403, message: 'Topic tracking is disabled.' });
    } finally {
      await off.stop();
    }
    const noReset = await startRestHarness({ 'topic.tracking.allow.reset': 'false' });
    try {
      expect((await noReset.request('PUT', '/connectors/x/topics/reset')).body).toEqual({ error_code: 403, message: 'Topic tracking reset is disabled.' });
    } finally {
      await noReset.stop();
    }
  });
});

describe('internal task-configs endpoint', () => {
  test('standalone mode refuses externally set task configs with 500, as Kafka does; a non-array body is 400', async () => {
    const res = await h.request('POST', '/connectors/src/tasks', [{ 'task.class': 'x' }]);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error_code: 500, message: 'Kafka Connect in standalone mode does not support externally setting task configurations.' });
    expect((await h.request('POST', '/connectors/src/tasks', { not: 'a list' })).status).toBe(400);
  });
});
