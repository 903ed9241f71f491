// `tributary standalone worker.properties connector.properties`: connectors from files, REST on listeners.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { standaloneCommand } from '../../../cli/standalone-command.ts';
import { createLogger } from '../../../logging/logger.ts';
import { ConnectorOnlyWorker } from './support/connector-only-worker.ts';
import { FILE_SOURCE } from './support/rest-harness.ts';

let dir: string;
const logger = createLogger({ level: 'info', destination: new Writable({ write: (_c, _e, done) => done() }) });
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'tributary-standalone-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('tributary standalone', () => {
  test('creates the connectors of its property files and serves them over REST until stopped', async () => {
    const worker = file('worker.properties', `listeners=http://127.0.0.1:0\noffset.storage.file.filename=${join(dir, 'offsets')}\n`);
    const source = file('source.properties', `name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=${join(dir, 'in.txt')}\ntopic=connect-test\n`);
    const sink = file('sink.json', JSON.stringify({ name: 'json-sink', config: { 'connector.class': 'FileStreamSink', topics: 'connect-test', file: join(dir, 'out.txt') } }));
    const stop = new AbortController();
    const exitCode = Promise.withResolvers<number>();
    const started = new Promise<URL>((resolve) => {
      void standaloneCommand([worker, source, sink], {
        logger, signal: stop.signal, onStarted: resolve,
        createWorker: async (ctx) => new ConnectorOnlyWorker(ctx.registry, ctx.offsetStore, ctx.workerId),
      }).then((code) => exitCode.resolve(code));
    });
    const url = await started;
    const base = `http://127.0.0.1:${url.port}`;
    expect(await (await fetch(`${base}/connectors`)).json()).toEqual(['json-sink', 'local-file-source']);
    const status = await (await fetch(`${base}/connectors/local-file-source/status`)).json() as { connector: { state: string; worker_id: string }; type: string };
    expect(status).toMatchObject({ connector: { state: 'RUNNING', worker_id: `${url.hostname}:${url.port}` }, type: 'source' });
    expect(await (await fetch(`${base}/connectors/local-file-source/config`)).json()).toMatchObject({ 'connector.class': 'FileStreamSource' });
    stop.abort();
    expect(await exitCode.promise).toBe(0);
    await expect(fetch(`${base}/connectors`)).rejects.toThrow();
  });

  test('a worker config without offset.storage.file.filename: exit 2 with Kafka\'s message', async () => {
    const worker = file('worker.properties', 'listeners=http://127.0.0.1:0\n');
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await standaloneCommand([worker], { logger, createWorker: async () => { throw new Error('unused'); } })).toBe(2);
      expect(errors).toHaveBeenCalledWith('tributary standalone: Missing required configuration "offset.storage.file.filename" which has no default value.');
    } finally {
      errors.mockRestore();
    }
  });

  test('an invalid connector file: exit 1, REST closed again', async () => {
    const worker = file('worker.properties', `listeners=http://127.0.0.1:0\noffset.storage.file.filename=${join(dir, 'offsets')}\n`);
    const bad = file('bad.properties', `name=bad\nconnector.class=${FILE_SOURCE}\n`);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await standaloneCommand([worker, bad], { logger, createWorker: async (ctx) => new ConnectorOnlyWorker(ctx.registry, ctx.offsetStore, ctx.workerId) });
      expect(code).toBe(1);
      expect(String(errors.mock.calls[0][0])).toContain('Missing required configuration "topic" which has no default value.');
    } finally {
      errors.mockRestore();
    }
  });
});
