// Names, partitions and replication of the three internal topics, from the worker configs with
// Kafka Connect's names and defaults (replication factor -1 = the broker's default).
import { ConfigException } from '../config/config-exception.ts';
import type { LogTopic } from './kafka-based-log.ts';

export interface InternalTopics {
  readonly offsets: LogTopic;
  readonly configs: LogTopic;
  readonly status: LogTopic;
}

function int(props: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = props[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || (n < 1 && n !== -1)) throw new ConfigException(name, raw, 'must be a positive integer or -1 (broker default)');
  return n;
}

function topicName(props: Readonly<Record<string, string>>, name: string): string {
  const value = props[name];
  if (value === undefined || value.trim() === '') throw new ConfigException(name, value ?? null, 'required');
  return value.trim();
}

/** Kafka's defaults: 25 offsets partitions, 5 status partitions, 1 config partition, replication 3. */
export function internalTopicsFrom(props: Readonly<Record<string, string>>): InternalTopics {
  return {
    offsets: { name: topicName(props, 'offset.storage.topic'), partitions: int(props, 'offset.storage.partitions', 25), replicationFactor: int(props, 'offset.storage.replication.factor', 3) },
    configs: { name: topicName(props, 'config.storage.topic'), partitions: 1, replicationFactor: int(props, 'config.storage.replication.factor', 3) },
    status: { name: topicName(props, 'status.storage.topic'), partitions: int(props, 'status.storage.partitions', 5), replicationFactor: int(props, 'status.storage.replication.factor', 3) },
  };
}
