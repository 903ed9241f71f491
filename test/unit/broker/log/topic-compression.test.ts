// compression.type on the partition log: batches in another codec are stored recompressed, with
// their offsets assigned, and everything else about them kept.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../broker/log/partition-log.ts';
import { logConfig } from '../../../../broker/log/log-config.ts';
import { compressionCodecOf } from '../../../../broker/protocol/records/batch-header.ts';
import { iterateBatches } from '../../../../broker/protocol/records/batch-iterator.ts';
import { decodeBatch, encodeBatch } from '../../../../broker/protocol/records/record-codec.ts';
import { batchOf, readAllRecords, tempDir } from './log-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let log: PartitionLog | null = null;
beforeEach(() => { dir = tempDir(); });
afterEach(async () => {
  await log?.close();
  log = null;
  dir.remove();
});

/** The batches of the first segment file, as they sit on disk. */
async function storedBatches(): Promise<{ codec: string; baseOffset: number; producer: number[] }[]> {
  await log!.flush();
  const bytes = readFileSync(join(dir.path, 't-0', '00000000000000000000.log'));
  return [...iterateBatches(bytes)].map((b) => ({
    codec: compressionCodecOf(b.header.attributes), baseOffset: b.header.baseOffset,
    producer: [b.header.producerId, b.header.producerEpoch, b.header.baseSequence],
  }));
}

describe('compression.type', () => {
  test('lz4: an uncompressed batch is stored lz4, offsets assigned, records intact', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ compressionType: 'lz4' }));
    await log.append(batchOf('a', 3), { acks: 1 });
    await log.append(batchOf('b', 2, { compression: 'lz4' }), { acks: 1 });
    expect(await storedBatches()).toEqual([
      { codec: 'lz4', baseOffset: 0, producer: [-1, -1, -1] },
      { codec: 'lz4', baseOffset: 3, producer: [-1, -1, -1] },
    ]);
    expect((await readAllRecords(log)).map((r) => [r.offset, r.key?.toString(), r.value?.toString()])).toEqual([
      [0, 'k0', 'a-0'], [1, 'k1', 'a-1'], [2, 'k2', 'a-2'], [3, 'k0', 'b-0'], [4, 'k1', 'b-1'],
    ]);
  });

  test('uncompressed: gzip, snappy and zstd batches are stored uncompressed', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ compressionType: 'uncompressed' }));
    for (const codec of ['gzip', 'snappy', 'zstd'] as const) await log.append(batchOf(codec, 2, { compression: codec }), { acks: 1 });
    expect((await storedBatches()).map((b) => b.codec)).toEqual(['none', 'none', 'none']);
    expect((await readAllRecords(log)).map((r) => r.value?.toString())).toEqual(['gzip-0', 'gzip-1', 'snappy-0', 'snappy-1', 'zstd-0', 'zstd-1']);
  });

  test('producer (the default) stores each batch in the codec it came in', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    await log.append(batchOf('a', 1, { compression: 'snappy' }), { acks: 1 });
    await log.append(batchOf('b', 1), { acks: 1 });
    expect((await storedBatches()).map((b) => b.codec)).toEqual(['snappy', 'none']);
  });

  test('a config change applies to later appends only', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig());
    await log.append(batchOf('a', 1), { acks: 1 });
    log.updateConfig(logConfig({ compressionType: 'zstd' }));
    await log.append(batchOf('b', 1), { acks: 1 });
    expect((await storedBatches()).map((b) => b.codec)).toEqual(['none', 'zstd']);
  });

  test('an idempotent producer keeps its id, epoch and sequence; its retry is still recognised', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ compressionType: 'gzip' }));
    const idempotent = (seq: number, label: string) => encodeBatch([{ value: Buffer.from(`${label}-0`) }, { value: Buffer.from(`${label}-1`) }],
      { producerId: 99, producerEpoch: 2, baseSequence: seq, isTransactional: false });
    await log.append(idempotent(0, 'a'), { acks: 1 });
    const retry = await log.append(idempotent(0, 'a'), { acks: 1 });
    await log.append(idempotent(2, 'b'), { acks: 1 });
    expect(retry.baseOffset).toBe(0);
    expect(await storedBatches()).toEqual([
      { codec: 'gzip', baseOffset: 0, producer: [99, 2, 0] },
      { codec: 'gzip', baseOffset: 2, producer: [99, 2, 2] },
    ]);
  });

  test('LogAppendTime is applied to the recompressed batch', async () => {
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ compressionType: 'lz4', messageTimestampType: 'LogAppendTime' }));
    const before = Date.now();
    const result = await log.append(batchOf('a', 2, { timestamp: 1000 }), { acks: 1 });
    expect(result.logAppendTime).toBeGreaterThanOrEqual(before);
    const { records } = await log.read(0, 1 << 20, true);
    const decoded = decodeBatch(records[0]);
    expect(compressionCodecOf(decoded.header.attributes)).toBe('lz4');
    expect(decoded.records.map((r) => r.timestamp)).toEqual([result.logAppendTime, result.logAppendTime]);
  });

  test('a batch that grows past max.message.bytes by recompression is MESSAGE_TOO_LARGE and not appended', async () => {
    const incompressible = encodeBatch([{ value: randomBytes(4000) }]);
    log = await PartitionLog.open(join(dir.path, 't-0'), logConfig({ compressionType: 'gzip', maxMessageBytes: incompressible.length }));
    await expect(log.append(incompressible, { acks: 1 })).rejects.toMatchObject({ errorName: 'MESSAGE_TOO_LARGE' });
    expect(log.logEndOffset).toBe(0);
  });
});
