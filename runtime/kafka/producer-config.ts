// The producer settings a user sets as Kafka producer configs — the worker's `producer.*` and a
// connector's `producer.override.*` — with Kafka's names, values and consistency rules:
// acks, enable.idempotence, compression.type, linger.ms, max.in.flight.requests.per.connection,
// and the retry settings of producer-retry.ts. (batch.size is not mapped: a Produce request
// carries up to 1000 records per batch, whatever their size.)
import { ConfigException } from '../config/config-exception.ts';
import type { ProducerSettings } from './producer.ts';
import { retrySettingsFrom } from './producer-retry.ts';

type Props = Readonly<Record<string, string | undefined>>;

const ACKS: Readonly<Record<string, -1 | 0 | 1>> = { all: -1, '-1': -1, '0': 0, '1': 1 };
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** Kafka's limit for an idempotent producer: the broker keeps the last 5 batches per producer to find duplicates. */
const MAX_IDEMPOTENT_IN_FLIGHT = 5;

/** The settings present in producer configs (already stripped of `producer.` / `producer.override.`). */
export function producerSettingsFrom(props: Props): ProducerSettings {
  const settings: ProducerSettings = { ...retrySettingsFrom(props) };
  const acks = present(props, 'acks');
  if (acks !== undefined) {
    settings.acks = ACKS[acks.toLowerCase()];
    if (settings.acks === undefined) throw new ConfigException('acks', acks, 'String must be one of: all, -1, 0, 1');
  }
  const idempotence = present(props, 'enable.idempotence');
  if (idempotence !== undefined) {
    if (!/^(true|false)$/i.test(idempotence)) throw new ConfigException('enable.idempotence', idempotence, 'Expected value to be either true or false');
    settings.idempotent = idempotence.toLowerCase() === 'true';
  }
  const codec = present(props, 'compression.type');
  if (codec !== undefined) {
    if (!(CODECS as readonly string[]).includes(codec)) throw new ConfigException('compression.type', codec, `String must be one of: ${CODECS.join(', ')}`);
    settings.compression = codec as ProducerSettings['compression'];
  }
  const linger = nonNegativeInt(props, 'linger.ms');
  if (linger !== undefined) settings.lingerMs = linger;
  const inFlight = nonNegativeInt(props, 'max.in.flight.requests.per.connection');
  if (inFlight !== undefined) {
    if (inFlight < 1) throw new ConfigException('max.in.flight.requests.per.connection', String(inFlight), 'Value must be at least 1');
    settings.maxInFlight = inFlight;
  }
  return settings;
}

/**
 * Kafka's rules between the settings, applied to the ones in effect: idempotence needs acks=all
 * and at most 5 requests in flight. Set explicitly, a conflict is an error; left to the default,
 * idempotence is turned off by acks other than all (as Kafka ≥ 3.2 does).
 */
export function reconcileIdempotence(settings: ProducerSettings, explicitIdempotence: boolean): ProducerSettings {
  const acksAll = (settings.acks ?? -1) === -1;
  if (settings.idempotent === false) return settings;
  if (!acksAll) {
    if (explicitIdempotence) throw new ConfigException('acks', String(settings.acks), 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.');
    return { ...settings, idempotent: false };
  }
  if ((settings.maxInFlight ?? 5) > MAX_IDEMPOTENT_IN_FLIGHT) {
    if (explicitIdempotence) throw new ConfigException('max.in.flight.requests.per.connection', String(settings.maxInFlight), `Must set max.in.flight.requests.per.connection to at most ${MAX_IDEMPOTENT_IN_FLIGHT} to use the idempotent producer.`);
    return { ...settings, idempotent: false };
  }
  return settings;
}

function present(props: Props, key: string): string | undefined {
  const raw = props[key]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function nonNegativeInt(props: Props, key: string): number | undefined {
  const raw = present(props, key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigException(key, raw, 'expected a non-negative integer');
  return n;
}
