// Turns a topic's effective config values (Kafka names, strings) into the log's LogConfig.
import type { LogConfig } from '../log/log-config.ts';
import { parseList, parseLong } from './config-types.ts';

/** Kafka spells "no limit" for retention as -1; the log spells it Infinity. */
const unlimitedIfNegative = (n: number) => (n < 0 ? Infinity : n);

export function toLogConfig(values: Readonly<Record<string, string>>): LogConfig {
  const long = (name: string) => parseLong(values[name]);
  return {
    segmentBytes: long('segment.bytes'),
    segmentMs: long('segment.ms'),
    segmentIndexBytes: long('segment.index.bytes'),
    indexIntervalBytes: long('index.interval.bytes'),
    segmentJitterMs: long('segment.jitter.ms'),
    flushMessages: long('flush.messages'),
    flushMs: long('flush.ms'),
    retentionMs: unlimitedIfNegative(long('retention.ms')),
    retentionBytes: unlimitedIfNegative(long('retention.bytes')),
    cleanupPolicy: parseList(values['cleanup.policy']) as LogConfig['cleanupPolicy'],
    messageTimestampType: values['message.timestamp.type'] as LogConfig['messageTimestampType'],
    maxMessageBytes: long('max.message.bytes'),
    fileDeleteDelayMs: long('file.delete.delay.ms'),
    preallocate: values['preallocate'] === 'true',
    minCleanableDirtyRatio: Number(values['min.cleanable.dirty.ratio']),
    deleteRetentionMs: long('delete.retention.ms'),
    minCompactionLagMs: long('min.compaction.lag.ms'),
    maxCompactionLagMs: long('max.compaction.lag.ms'),
    compressionType: values['compression.type'] as LogConfig['compressionType'],
  };
}
