// The worker's REST settings, with Kafka's names and defaults (RestServerConfig).
import { hostname } from 'node:os';
import { ConfigException } from '../config/config-exception.ts';

export interface Listener {
  protocol: 'http';
  /** '' binds every interface. */
  host: string;
  port: number;
}

export interface RestConfig {
  listeners: Listener[];
  advertisedHostName: string | null;
  advertisedPort: number | null;
  advertisedListener: string | null;
  allowOrigin: string;
  allowMethods: string;
  topicTrackingEnabled: boolean;
  topicTrackingResetEnabled: boolean;
}

export const LISTENERS_DEFAULT = 'http://:8083';
const LISTENER = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/]*):(\d+)\/?$/;

export function parseListener(text: string): Listener {
  const m = LISTENER.exec(text.trim());
  if (m === null) throw new ConfigException('listeners', text, 'Expected a listener of the form PROTOCOL://HOST:PORT, e.g. http://:8083');
  const protocol = m[1].toLowerCase();
  if (protocol !== 'http') throw new ConfigException('listeners', text, `Listener protocol ${protocol} is not supported (only http)`);
  const port = Number(m[3]);
  if (port > 65535) throw new ConfigException('listeners', text, 'Port must be between 0 and 65535');
  return { protocol: 'http', host: m[2].replace(/^\[|\]$/g, ''), port };
}

export function restConfigFrom(props: Readonly<Record<string, string>>): RestConfig {
  const listenersText = props.listeners ?? LISTENERS_DEFAULT;
  const listeners = listenersText.split(',').map((l) => l.trim()).filter((l) => l !== '').map(parseListener);
  if (listeners.length === 0) throw new ConfigException('listeners', listenersText, 'At least one listener is required');
  const port = props['rest.advertised.port'];
  if (port !== undefined && !/^\d+$/.test(port.trim())) throw new ConfigException('rest.advertised.port', port, 'Not a number of type INT');
  return {
    listeners,
    advertisedHostName: props['rest.advertised.host.name']?.trim() || null,
    advertisedPort: port === undefined ? null : Number(port),
    advertisedListener: props['rest.advertised.listener']?.trim() || null,
    allowOrigin: props['access.control.allow.origin'] ?? '',
    allowMethods: props['access.control.allow.methods'] ?? '',
    topicTrackingEnabled: (props['topic.tracking.enable'] ?? 'true').trim().toLowerCase() === 'true',
    topicTrackingResetEnabled: (props['topic.tracking.allow.reset'] ?? 'true').trim().toLowerCase() === 'true',
  };
}

/**
 * The URL other workers and the status entries use for this worker (Kafka's advertisedUrl):
 * rest.advertised.* when set, else the first listener with its bound port, and the machine's
 * host name when the listener binds every interface.
 */
export function advertisedUrl(config: RestConfig, boundPorts: readonly number[]): URL {
  const listener = config.listeners[0];
  const host = config.advertisedHostName ?? (listener.host === '' || listener.host === '0.0.0.0' ? hostname() : listener.host);
  const port = config.advertisedPort ?? boundPorts[0] ?? listener.port;
  const protocol = config.advertisedListener ?? listener.protocol;
  return new URL(`${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}/`);
}
