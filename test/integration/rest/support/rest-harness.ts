// A standalone herder over the real plugin registry behind the real REST server on port 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../../../logging/logger.ts';
import { ConnectorConfigValidator } from '../../../../runtime/herder/connector-validation.ts';
import { FileOffsetStore } from '../../../../runtime/storage/file-offset-store.ts';
import { LoggerRegistry } from '../../../../runtime/herder/logger-levels.ts';
import { StandaloneHerder } from '../../../../runtime/herder/standalone-herder.ts';
import { PluginRegistry } from '../../../../runtime/plugins/plugin-registry.ts';
import { restConfigFrom } from '../../../../runtime/rest/rest-config.ts';
import type { RequestForwarder } from '../../../../runtime/rest/forwarding.ts';
import { RestServer } from '../../../../runtime/rest/rest-server.ts';
import { ConnectorOnlyWorker } from './connector-only-worker.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, undefined when empty. */
  body: unknown;
}

export interface RestHarness {
  baseUrl: string;
  worker: ConnectorOnlyWorker;
  herder: StandaloneHerder;
  dir: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  stop(): Promise<void>;
}

export async function startRestHarness(settings: Record<string, string> = {}, forwarder?: RequestForwarder): Promise<RestHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-rest-'));
  // Level info (what /admin/loggers reports for root), written nowhere.
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
  const registry = await PluginRegistry.load();
  const rest = new RestServer({ config: restConfigFrom({ listeners: 'http://127.0.0.1:0', ...settings }), logger, forwarder });
  await rest.start();
  const offsets = new FileOffsetStore(join(dir, 'connect.offsets'));
  await offsets.start();
  const worker = new ConnectorOnlyWorker(registry, offsets, `${rest.advertisedUrl().hostname}:${rest.ports()[0]}`);
  const validator = new ConnectorConfigValidator({ catalog: registry, overridePolicy: registry.newClientConfigOverridePolicy() });
  const herder = new StandaloneHerder({ worker, catalog: registry, validator, loggers: new LoggerRegistry(logger), logger, commit: 'abc123' });
  await herder.start();
  rest.attach(herder);
  const baseUrl = `http://127.0.0.1:${rest.ports()[0]}`;
  return {
    baseUrl, worker, herder, dir,
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(baseUrl + path, init);
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, body: text === '' ? undefined : JSON.parse(text) };
    },
    async stop() {
      await rest.stop();
      await herder.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const FILE_SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
export const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

export function sourceConfig(extra: Record<string, string> = {}): Record<string, string> {
  return { 'connector.class': FILE_SOURCE, topic: 'lines', file: '/tmp/does-not-matter.txt', ...extra };
}

export function sinkConfig(extra: Record<string, string> = {}): Record<string, string> {
  return { 'connector.class': FILE_SINK, topics: 'lines', file: '/tmp/sink-out.txt', ...extra };
}
