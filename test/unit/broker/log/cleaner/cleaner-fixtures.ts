// Helpers for the log-cleaner tests: keyed batches, a cleaner over one log, settled segments.
import type { PartitionLog } from '../../../../../broker/log/partition-log.ts';
import { LogCleaner } from '../../../../../broker/log/cleaner/log-cleaner.ts';
import { silentEvents } from '../../../../../broker/log/log-events.ts';
import type { SwapStepHook } from '../../../../../broker/log/cleaner/segment-swap.ts';
import { encodeBatch, type KafkaRecord } from '../../../../../broker/protocol/records/record-codec.ts';
import type { CompressionCodec } from '../../../../../broker/protocol/records/batch-header.ts';

export const NOW = 1_800_000_000_000;

/** A batch of [key, value] pairs; a null value is a tombstone. */
export function keyed(pairs: Array<[string, string | null]>, options: { timestamp?: number; compression?: CompressionCodec } = {}): Buffer {
  return encodeBatch(pairs.map(([k, v]) => ({ key: Buffer.from(k), value: v === null ? null : Buffer.from(v.padEnd(30, '.')) })),
    { timestamp: options.timestamp ?? NOW - 10_000, compression: options.compression });
}

export function cleanerFor(log: PartitionLog, now = NOW, swapHook?: SwapStepHook): LogCleaner {
  return new LogCleaner({ logs: () => [log], events: silentEvents, now: () => now, swapHook });
}

/** Waits until every rolled segment finished sealing, so the cleaner may take it. */
export async function settled(log: PartitionLog): Promise<void> {
  while (!log.segmentList().slice(0, -1).every((s) => log.isSettled(s))) await new Promise((r) => setTimeout(r, 2));
}

/** key → value (trailing padding removed; null for a tombstone), last record winning. */
export function latestByKey(records: KafkaRecord[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of records) out.set(r.key?.toString() ?? '', r.value === null ? null : r.value.toString().replace(/\.+$/, ''));
  return out;
}
