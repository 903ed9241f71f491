// Shared helpers for the log tests: a fresh temporary directory per test and batch builders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iterateBatches } from '../../../../broker/protocol/records/batch-iterator.ts';
import { decodeBatch, encodeBatch, type KafkaRecord } from '../../../../broker/protocol/records/record-codec.ts';
import type { CompressionCodec } from '../../../../broker/protocol/records/batch-header.ts';
import type { PartitionLog } from '../../../../broker/log/partition-log.ts';

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'tributary-log-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A batch of `count` records whose values are `${label}-${i}`. */
export function batchOf(label: string, count = 1, options: { timestamp?: number; compression?: CompressionCodec; valueBytes?: number } = {}): Buffer {
  const pad = options.valueBytes !== undefined ? '.'.repeat(options.valueBytes) : '';
  return encodeBatch(
    Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`${label}-${i}${pad}`), timestamp: options.timestamp })),
    { timestamp: options.timestamp ?? 1_700_000_000_000, compression: options.compression },
  );
}

/** Every record from `from` to the end, following reads across batches and segments. */
export async function readAllRecords(log: PartitionLog, from = log.logStartOffset): Promise<KafkaRecord[]> {
  const out: KafkaRecord[] = [];
  let next = from;
  while (next < log.highWatermark) {
    const { records } = await log.read(next, 64 * 1024, true);
    for (const chunk of records) {
      for (const batch of iterateBatches(chunk)) {
        for (const r of decodeBatch(batch.bytes).records) if (r.offset >= next) out.push(r);
        next = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
      }
    }
  }
  return out;
}
