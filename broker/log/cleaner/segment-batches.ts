// Streams the batches of a segment in file order, reading large chunks, for the cleaner's two
// passes. Each batch's CRC is checked (iterateBatches): the cleaner never copies a corrupt batch
// into a cleaned segment.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { iterateBatches, type BatchView } from '../../protocol/records/batch-iterator.ts';
import type { LogSegment } from '../log-segment.ts';

const CHUNK_BYTES = 1024 * 1024;

export async function* segmentBatches(segment: LogSegment): AsyncGenerator<BatchView> {
  let position = 0;
  let chunkBytes = CHUNK_BYTES;
  while (position < segment.size) {
    const chunk = await segment.read(position, Math.min(chunkBytes, segment.size - position));
    let consumed = 0;
    for (const batch of iterateBatches(chunk)) {
      yield { ...batch, position: position + batch.position };
      consumed = batch.position + batch.size;
    }
    if (consumed === 0) {
      // A batch larger than the chunk: read again with room for it.
      const announced = chunk.length >= 12 ? chunk.readInt32BE(8) + 12 : 0;
      if (announced <= chunkBytes) throw new Error(`segment ${segment.paths.log} has an unreadable batch at byte ${position}`);
      chunkBytes = announced;
      continue;
    }
    position += consumed;
    chunkBytes = CHUNK_BYTES;
    // One chunk of work at a time, so produce and fetch requests are served in between.
    await yieldToEventLoop();
  }
}
