// Distributed worker settings with Kafka Connect's names and defaults (DistributedConfig).
import { ConfigException } from '../config/config-exception.ts';
import { internalTopicsFrom, type InternalTopics } from '../storage/internal-topics.ts';
import { isConnectProtocolName, type ConnectProtocolName } from './connect-protocol.ts';

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
} as const;

type Props = Readonly<Record<string, string>>;

function ms(props: Props, name: keyof typeof DISTRIBUTED_DEFAULTS): number {
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
  };
  if (config.heartbeatIntervalMs >= config.sessionTimeoutMs) {
    throw new ConfigException('heartbeat.interval.ms', String(config.heartbeatIntervalMs), 'must be lower than session.timeout.ms');
  }
  return config;
}
