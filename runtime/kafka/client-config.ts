// Maps Kafka-style client configs (`bootstrap.servers`, `security.protocol`, `ssl.*`, `sasl.*`)
// onto the options of the Kafka client library. Only what the library really supports is mapped;
// anything else that changes security fails loudly here instead of silently connecting in clear.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ConfigException } from '../config/config-exception.ts';

/** The subset of the client library's connection options this adapter sets. */
export interface ClientOptions {
  clientId: string;
  bootstrapBrokers: string[];
  tls?: TlsOptions;
  tlsServerName?: string | boolean;
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  connectTimeout?: number;
  requestTimeout?: number;
  retries?: number;
  retryDelay?: number;
  metadataMaxAge?: number;
}

type Props = Readonly<Record<string, string | undefined>>;

const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const SUPPORTED_SASL = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
const TLS_VERSIONS: Record<string, 'TLSv1.2' | 'TLSv1.3'> = { 'TLSv1.2': 'TLSv1.2', 'TLSv1.3': 'TLSv1.3' };

export function parseBootstrapServers(value: string | undefined): string[] {
  const servers = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw new ConfigException('bootstrap.servers', value ?? null, 'at least one host:port is required');
  return servers.map((s) => s.replace(/^[A-Za-z_]+:\/\//, ''));
}

function intOf(props: Props, name: string): number | undefined {
  const raw = props[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigException(name, raw, 'expected a non-negative integer');
  return n;
}

/** Reads `key="value"` pairs out of a `sasl.jaas.config` line (Kafka's JAAS syntax). */
export function parseJaasOptions(jaas: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const m of jaas.matchAll(/([A-Za-z_][\w.]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) options[m[1]] = m[2].replace(/\\(.)/g, '$1');
  return options;
}

function pemOrFile(inline: string | undefined, location: string | undefined): string | undefined {
  if (inline !== undefined && inline.trim() !== '') return inline;
  return location === undefined || location === '' ? undefined : readFileSync(location, 'utf8');
}

function tlsOptions(props: Props): { tls: TlsOptions; tlsServerName?: boolean } {
  const tls: TlsOptions = {};
  const truststoreType = (props['ssl.truststore.type'] ?? 'PEM').toUpperCase();
  const keystoreType = (props['ssl.keystore.type'] ?? 'PEM').toUpperCase();
  const hasTruststore = props['ssl.truststore.location'] || props['ssl.truststore.certificates'];
  if (hasTruststore) {
    if (truststoreType !== 'PEM') {
      throw new ConfigException('ssl.truststore.type', truststoreType, 'only PEM trust stores are supported (convert JKS/PKCS12 with keytool/openssl)');
    }
    tls.ca = pemOrFile(props['ssl.truststore.certificates'], props['ssl.truststore.location']);
  }
  if (props['ssl.keystore.location'] || props['ssl.keystore.key']) {
    if (keystoreType === 'PKCS12') {
      tls.pfx = readFileSync(props['ssl.keystore.location']!);
      tls.passphrase = props['ssl.keystore.password'];
    } else if (keystoreType === 'PEM') {
      const pem = pemOrFile(props['ssl.keystore.key'], props['ssl.keystore.location']);
      tls.key = pem;
      tls.cert = pemOrFile(props['ssl.keystore.certificate.chain'], undefined) ?? pem;
      tls.passphrase = props['ssl.key.password'];
    } else {
      throw new ConfigException('ssl.keystore.type', keystoreType, 'only PEM and PKCS12 key stores are supported');
    }
  }
  const protocol = props['ssl.protocol'];
  if (protocol !== undefined && protocol !== 'TLS') {
    const version = TLS_VERSIONS[protocol];
    if (version === undefined) throw new ConfigException('ssl.protocol', protocol, 'supported: TLS, TLSv1.2, TLSv1.3');
    tls.minVersion = version;
  }
  // Kafka's default `https` checks the host name; an empty value turns the check off.
  const identification = props['ssl.endpoint.identification.algorithm'];
  if (identification !== undefined && identification.trim() === '') {
    tls.checkServerIdentity = () => undefined;
    return { tls, tlsServerName: false };
  }
  return { tls };
}

function saslOptions(props: Props): ClientOptions['sasl'] {
  const mechanism = (props['sasl.mechanism'] ?? 'GSSAPI').toUpperCase();
  if (!(SUPPORTED_SASL as readonly string[]).includes(mechanism)) {
    throw new ConfigException('sasl.mechanism', mechanism, `not supported by the Kafka client; supported: ${SUPPORTED_SASL.join(', ')}`);
  }
  if (props['sasl.login.callback.handler.class'] || props['sasl.client.callback.handler.class']) {
    throw new ConfigException('sasl.login.callback.handler.class', props['sasl.login.callback.handler.class'] ?? props['sasl.client.callback.handler.class'], 'Java callback handlers are not supported');
  }
  const jaas = props['sasl.jaas.config'];
  if (jaas === undefined || jaas.trim() === '') throw new ConfigException('sasl.jaas.config', null, `required for SASL ${mechanism} (username="…" password="…")`);
  const { username, password } = parseJaasOptions(jaas);
  if (username === undefined || password === undefined) {
    throw new ConfigException('sasl.jaas.config', '[hidden]', 'must set username="…" and password="…"');
  }
  return { mechanism: mechanism as (typeof SUPPORTED_SASL)[number], username, password };
}

/**
 * Client options from Kafka-style configs. `props` are already stripped of any prefix
 * (`producer.`, `consumer.`, `admin.`); `clientId` names the client in broker logs.
 */
export function clientOptionsFrom(props: Props, clientId: string): ClientOptions {
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (!SECURITY_PROTOCOLS.includes(protocol)) {
    throw new ConfigException('security.protocol', protocol, `expected one of ${SECURITY_PROTOCOLS.join(', ')}`);
  }
  const options: ClientOptions = {
    clientId: props['client.id'] ?? clientId,
    bootstrapBrokers: parseBootstrapServers(props['bootstrap.servers']),
  };
  const connectTimeout = intOf(props, 'socket.connection.setup.timeout.ms');
  const requestTimeout = intOf(props, 'request.timeout.ms');
  const retryDelay = intOf(props, 'retry.backoff.ms');
  const metadataMaxAge = intOf(props, 'metadata.max.age.ms');
  if (connectTimeout !== undefined) options.connectTimeout = connectTimeout;
  if (requestTimeout !== undefined) options.requestTimeout = requestTimeout;
  if (retryDelay !== undefined) options.retryDelay = retryDelay;
  if (metadataMaxAge !== undefined) options.metadataMaxAge = metadataMaxAge;
  if (protocol === 'SSL' || protocol === 'SASL_SSL') Object.assign(options, tlsOptions(props));
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') options.sasl = saslOptions(props);
  return options;
}

const CLIENT_PREFIXES = /^(producer|consumer|admin)\./;

/** The keys under `prefix`, without it, over the un-prefixed ones (Kafka's client overrides). */
export function withOverrides(base: Props, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !CLIENT_PREFIXES.test(k)) out[k] = v;
  for (const [k, v] of Object.entries(base)) if (v !== undefined && k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
