// Which converters a task uses: the connector's `key.converter`/`value.converter`/
// `header.converter` (with their `<name>.*` settings) when set, else the worker's, as in Kafka.
import type { Converter, HeaderConverter } from '../api/converter.ts';
import { ConfigException } from '../config/config-exception.ts';
import type { WorkerPlugins } from './worker-plugins.ts';

export interface TaskConverters {
  readonly key: Converter;
  readonly value: Converter;
  readonly header: HeaderConverter;
  readonly keyClass: string;
  readonly valueClass: string;
  readonly headerClass: string;
}

const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

function settings(props: Readonly<Record<string, string>>, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(`${name}.`)) out[k.slice(name.length + 1)] = v;
  return out;
}

function pick(connector: Readonly<Record<string, string>>, worker: Readonly<Record<string, string>>, name: string, fallback?: string): { className: string; configs: Record<string, string> } {
  if (connector[name]) return { className: connector[name], configs: settings(connector, name) };
  if (worker[name]) return { className: worker[name], configs: settings(worker, name) };
  if (fallback !== undefined) return { className: fallback, configs: {} };
  throw new ConfigException(name, null, 'no converter configured on the connector or the worker');
}

export function taskConverters(plugins: WorkerPlugins, connector: Readonly<Record<string, string>>, worker: Readonly<Record<string, string>>): TaskConverters {
  const k = pick(connector, worker, 'key.converter');
  const v = pick(connector, worker, 'value.converter');
  const h = pick(connector, worker, 'header.converter', DEFAULT_HEADER_CONVERTER);
  const key = plugins.newConverter(k.className);
  key.configure(k.configs, true);
  const value = plugins.newConverter(v.className);
  value.configure(v.configs, false);
  const header = plugins.newHeaderConverter(h.className);
  header.configure(h.configs);
  return { key, value, header, keyClass: k.className, valueClass: v.className, headerClass: h.className };
}
