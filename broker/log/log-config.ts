// The per-topic log settings, resolved to numbers in milliseconds and bytes. Parsing Kafka's names
// (`segment.bytes`, …) and validating them is the config layer's job; it hands us LogConfig objects.
// Kafka spells "never" as Long.MAX_VALUE (flush.*) or -1 (retention.*): both become Infinity here so
// comparisons need no special case.
import type { CompressionType } from '../protocol/records/batch-recompression.ts';

export type CleanupPolicy = 'delete' | 'compact';
export type TimestampType = 'CreateTime' | 'LogAppendTime';

export type LogConfig = {
  /** segment.bytes: roll when the next batch would make the active segment larger. */
  segmentBytes: number;
  /** segment.ms: roll when the incoming batch is this much newer than the segment's first batch. */
  segmentMs: number;
  /** segment.index.bytes: an index file never grows beyond this; a full index rolls the segment. */
  segmentIndexBytes: number;
  /** index.interval.bytes: log bytes between two offset-index entries. */
  indexIntervalBytes: number;
  /** segment.jitter.ms: a random part of it is subtracted from segment.ms per segment. */
  segmentJitterMs: number;
  /** flush.messages: fsync after this many records even without acks=-1. */
  flushMessages: number;
  /** flush.ms: fsync data older than this even without acks=-1. */
  flushMs: number;
  retentionMs: number;
  retentionBytes: number;
  cleanupPolicy: CleanupPolicy[];
  messageTimestampType: TimestampType;
  /** max.message.bytes: the largest record batch a producer may append. */
  maxMessageBytes: number;
  /** file.delete.delay.ms: how long a deleted segment's files linger for in-flight reads. */
  fileDeleteDelayMs: number;
  preallocate: boolean;
  /** The compaction settings below are carried for the log cleaner. */
  minCleanableDirtyRatio: number;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  /**
   * compression.type: 'producer' keeps what the producer sent; a codec different from the
   * batch's makes the log recompress the batch on append (see batch-recompression.ts).
   */
  compressionType: CompressionType;
};

/** Apache Kafka's topic-level defaults. */
export const defaultLogConfig: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  segmentIndexBytes: 10 * 1024 * 1024,
  indexIntervalBytes: 4096,
  segmentJitterMs: 0,
  flushMessages: Infinity,
  flushMs: Infinity,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: Infinity,
  cleanupPolicy: ['delete'],
  messageTimestampType: 'CreateTime',
  maxMessageBytes: 1024 * 1024 + 12,
  fileDeleteDelayMs: 60_000,
  preallocate: false,
  minCleanableDirtyRatio: 0.5,
  deleteRetentionMs: 24 * 60 * 60 * 1000,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Infinity,
  compressionType: 'producer',
} satisfies LogConfig) as Readonly<LogConfig>;

export function logConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...defaultLogConfig, cleanupPolicy: [...defaultLogConfig.cleanupPolicy], ...overrides };
}
