// Recomputing a batch's max timestamp from its records, for producers that leave it unset.
import { CRC_OFFSET, MAX_TIMESTAMP_OFFSET } from './batch-header.ts';
import { computeBatchCrc } from './batch-rewrite.ts';
import { decodeBatch } from './record-codec.ts';

/**
 * Some producers (sarama 1.22 on Produce v3) leave a CreateTime batch's maxTimestamp at -1.
 * Kafka recomputes it from the records; the time index and ListOffsets by timestamp depend on
 * it. A well-formed batch (maxTimestamp >= baseTimestamp >= 0) is trusted as it is, so only
 * such batches pay for decoding their records. Returns the batch's max timestamp.
 */
export function repairMaxTimestamp(buf: Buffer, header: { baseTimestamp: number; maxTimestamp: number; recordsCount: number }): number {
  if (header.recordsCount === 0 || (header.maxTimestamp >= 0 && header.maxTimestamp >= header.baseTimestamp)) return header.maxTimestamp;
  let max = -1;
  for (const record of decodeBatch(buf).records) if (record.timestamp > max) max = record.timestamp;
  buf.writeBigInt64BE(BigInt(max), MAX_TIMESTAMP_OFFSET);
  buf.writeUInt32BE(computeBatchCrc(buf, 0), CRC_OFFSET);
  return max;
}
