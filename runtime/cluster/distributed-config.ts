// Distributed worker settings with Kafka Connect's names and defaults (DistributedConfig).
import { ConfigException } from '../config/config-exception.ts';
import { internalTopicsFrom, type InternalTopics } from '../storage/internal-topics.ts';
import { isConnectProtocolName, type ConnectProtocolName } from './connect-protocol.ts';
import { isMacAlgorithm } from './request-signing.ts';

const MAC_ALGORITHMS = 'HmacSHA1, HmacSHA224, HmacSHA256, HmacSHA384, HmacSHA512';

export interface DistributedConfig {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly scheduledRebalanceMaxDelayMs: number;
  /** The most recent group protocol this worker offers (connect.protocol=eager offers "default"). */
  readonly connectProtocol: ConnectProtocolName;
  /** How long a worker may take to read the config topic up to the assignment's offset. */
  readonly workerSyncTimeoutMs: number;
  /** How long a worker that could not catch up stays out of the group before rejoining. */
  readonly workerUnsyncBackoffMs: number;
  readonly topics: InternalTopics;
  readonly requestSigning: RequestSigningConfig;
}

/** inter.worker.*: the session key and the signatures of internal requests (sessioned protocol). */
export interface RequestSigningConfig {
  readonly keyGenerationAlgorithm: string;
  /** inter.worker.key.size in bits; null: the algorithm's default. */
  readonly keySizeBits: number | null;
  readonly keyTtlMs: number;
  readonly signatureAlgorithm: string;
  readonly verificationAlgorithms: readonly string[];
}

/** Kafka's defaults (DistributedConfig, 3.x). */
export const DISTRIBUTED_DEFAULTS = {
  'session.timeout.ms': 10_000,
  'heartbeat.interval.ms': 3_000,
  'rebalance.timeout.ms': 60_000,
  'scheduled.rebalance.max.delay.ms': 300_000,
  'worker.sync.timeout.ms': 3_000,
  'worker.unsync.backoff.ms': 300_000,
  'connect.protocol': 'sessioned',
  'inter.worker.key.ttl.ms': 3_600_000,
  'inter.worker.key.generation.algorithm': 'HmacSHA256',
  'inter.worker.signature.algorithm': 'HmacSHA256',
  'inter.worker.verification.algorithms': 'HmacSHA256',
} as const;

type Props = Readonly<Record<string, string>>;

type MsSetting = { [K in keyof typeof DISTRIBUTED_DEFAULTS]: (typeof DISTRIBUTED_DEFAULTS)[K] extends number ? K : never }[keyof typeof DISTRIBUTED_DEFAULTS];

function ms(props: Props, name: MsSetting): number {
  const raw = props[name];
  if (raw === undefined || raw.trim() === '') return DISTRIBUTED_DEFAULTS[name] as number;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 0) throw new ConfigException(name, raw, 'Not a non-negative integer');
  return n;
}

export function distributedConfigFrom(props: Props): DistributedConfig {
  const groupId = props['group.id']?.trim();
  if (!groupId) throw new ConfigException('group.id', props['group.id'] ?? null, 'Missing required configuration "group.id" which has no default value.');
  const raw = (props['connect.protocol'] ?? DISTRIBUTED_DEFAULTS['connect.protocol']).trim().toLowerCase();
  // The setting names Kafka's enum (eager, compatible, sessioned); eager's group protocol is "default".
  const protocol = raw === 'eager' ? 'default' : raw;
  if (raw === 'default' || !isConnectProtocolName(protocol)) {
    throw new ConfigException('connect.protocol', raw, 'String must be one of (case insensitive): EAGER, COMPATIBLE, SESSIONED');
  }
  const config: DistributedConfig = {
    groupId,
    sessionTimeoutMs: ms(props, 'session.timeout.ms'),
    heartbeatIntervalMs: ms(props, 'heartbeat.interval.ms'),
    rebalanceTimeoutMs: ms(props, 'rebalance.timeout.ms'),
    scheduledRebalanceMaxDelayMs: ms(props, 'scheduled.rebalance.max.delay.ms'),
    connectProtocol: protocol,
    workerSyncTimeoutMs: ms(props, 'worker.sync.timeout.ms'),
    workerUnsyncBackoffMs: ms(props, 'worker.unsync.backoff.ms'),
    topics: internalTopicsFrom(props),
    requestSigning: requestSigningFrom(props),
  };
  if (config.heartbeatIntervalMs >= config.sessionTimeoutMs) {
    throw new ConfigException('heartbeat.interval.ms', String(config.heartbeatIntervalMs), 'must be lower than session.timeout.ms');
  }
  return config;
}

function macSetting(props: Props, name: 'inter.worker.key.generation.algorithm' | 'inter.worker.signature.algorithm'): string {
  const value = (props[name] ?? DISTRIBUTED_DEFAULTS[name]).trim();
  if (!isMacAlgorithm(value)) throw new ConfigException(name, value, `Unknown MAC algorithm; use one of ${MAC_ALGORITHMS}`);
  return value;
}

function requestSigningFrom(props: Props): RequestSigningConfig {
  const verification = (props['inter.worker.verification.algorithms'] ?? DISTRIBUTED_DEFAULTS['inter.worker.verification.algorithms'])
    .split(',').map((a) => a.trim()).filter((a) => a !== '');
  const unknown = verification.find((a) => !isMacAlgorithm(a));
  if (verification.length === 0 || unknown !== undefined) {
    throw new ConfigException('inter.worker.verification.algorithms', verification.join(','), `List of MAC algorithms from ${MAC_ALGORITHMS} expected`);
  }
  const signatureAlgorithm = macSetting(props, 'inter.worker.signature.algorithm');
  if (!verification.includes(signatureAlgorithm)) {
    throw new ConfigException('inter.worker.signature.algorithm', signatureAlgorithm, 'Signature algorithm must be present in list of verification algorithms');
  }
  const keyGenerationAlgorithm = macSetting(props, 'inter.worker.key.generation.algorithm');
  if (!verification.includes(keyGenerationAlgorithm)) {
    throw new ConfigException('inter.worker.key.generation.algorithm', keyGenerationAlgorithm, 'Key generation algorithm must be present in list of verification algorithms');
  }
  const size = props['inter.worker.key.size']?.trim();
  if (size !== undefined && size !== '' && !/^[1-9]\d*$/.test(size)) throw new ConfigException('inter.worker.key.size', size, 'Not a positive integer');
  return {
    keyGenerationAlgorithm, signatureAlgorithm, verificationAlgorithms: verification,
    keySizeBits: size === undefined || size === '' ? null : Number(size),
    keyTtlMs: ms(props, 'inter.worker.key.ttl.ms'),
  };
}
