// Walks the batches of a records blob (a Fetch response, a read from a segment file).
import { KafkaError } from '../../kafka-error.ts';
import { inspectBatch } from './batch-validation.ts';
import type { RecordBatchHeader } from './batch-header.ts';

export type BatchView = { position: number; size: number; header: RecordBatchHeader; bytes: Buffer };

/**
 * Yields every whole, valid batch in `buf`. A trailing partial batch is ignored, as Kafka's
 * readers do (fetch responses may end mid-batch); a corrupt batch throws CORRUPT_MESSAGE or
 * INVALID_RECORD.
 */
export function* iterateBatches(buf: Buffer): Generator<BatchView> {
  let position = 0;
  while (position < buf.length) {
    const inspection = inspectBatch(buf, position, buf.length);
    if (inspection.kind === 'incomplete') return;
    if (inspection.kind === 'invalid') {
      throw new KafkaError(inspection.problem.errorName, `batch at byte ${position}: ${inspection.problem.message}`);
    }
    yield { position, size: inspection.size, header: inspection.header, bytes: buf.subarray(position, position + inspection.size) };
    position += inspection.size;
  }
}
