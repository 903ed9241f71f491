// Idempotent producers through PartitionLog: duplicates are acknowledged with their original
// offsets and never stored twice, and the state survives close/open, crashes and bad snapshots.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readdirSync, truncateSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionLog } from '../../../../broker/log/partition-log.ts';
import { logConfig, type LogConfig } from '../../../../broker/log/log-config.ts';
import { encodeBatch } from '../../../../broker/protocol/records/record-codec.ts';
import { readAllRecords, tempDir } from './log-fixtures.ts';

let dir: ReturnType<typeof tempDir>;
let log: PartitionLog | null = null;
let partitionDir: string;
beforeEach(() => {
  dir = tempDir();
  partitionDir = join(dir.path, 't-0');
});
afterEach(async () => {
  await log?.close();
  log = null;
  dir.remove();
});

const PID = 7;

/** An idempotent batch of `count` records whose values are `${seq + i}`. */
function idempotent(baseSequence: number, count = 1, options: { epoch?: number; producerId?: number; timestamp?: number } = {}): Buffer {
  const timestamp = options.timestamp ?? Date.now();
  return encodeBatch(
    Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`${baseSequence + i}`), timestamp })),
    { producerId: options.producerId ?? PID, producerEpoch: options.epoch ?? 0, baseSequence, timestamp },
  );
}

async function open(config: LogConfig = logConfig(), producerIdExpirationMs?: number): Promise<PartitionLog> {
  log = await PartitionLog.open(partitionDir, config, undefined, { producerIdExpirationMs });
  return log;
}

async function reopen(config?: LogConfig, producerIdExpirationMs?: number): Promise<PartitionLog> {
  await log?.close();
  return open(config, producerIdExpirationMs);
}

const values = async (l: PartitionLog) => (await readAllRecords(l)).map((r) => r.value?.toString());
const snapshots = () => readdirSync(partitionDir).filter((n) => n.endsWith('.snapshot')).sort();

describe('duplicates in the log', () => {
  test('a resent batch gets its original offsets and is not stored again', async () => {
    const l = await open();
    await l.append(idempotent(0, 2), { acks: 1 });
    const second = await l.append(idempotent(2, 3), { acks: 1 });
    await l.append(idempotent(5, 1), { acks: 1 });
    expect(await l.append(idempotent(2, 3), { acks: -1 })).toEqual(second);
    expect(second).toMatchObject({ baseOffset: 2, lastOffset: 4 });
    expect(l.logEndOffset).toBe(6);
    expect(await values(l)).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  test('five pipelined batches and their pipelined retries: each stored once, retries answered in order', async () => {
    const l = await open();
    const firsts = [0, 1, 2, 3, 4].map((seq) => l.append(idempotent(seq * 2, 2), { acks: -1 }));
    // Sent before any of the originals is written: the retries wait for them, then echo their offsets.
    const retries = [0, 1, 2, 3, 4].map((seq) => l.append(idempotent(seq * 2, 2), { acks: -1 }));
    const next = l.append(idempotent(10, 1), { acks: -1 });
    const originals = await Promise.all(firsts);
    expect(await Promise.all(retries)).toEqual(originals);
    expect(originals.map((r) => r.baseOffset)).toEqual([0, 2, 4, 6, 8]);
    expect((await next).baseOffset).toBe(10);
    expect(await values(l)).toEqual(Array.from({ length: 11 }, (_, i) => `${i}`));
  });

  test('errors reach the caller and leave the log untouched', async () => {
    const l = await open();
    await l.append(idempotent(0, 1, { epoch: 2 }), { acks: 1 });
    await expect(l.append(idempotent(2, 1, { epoch: 2 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    await expect(l.append(idempotent(1, 1, { epoch: 1 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'INVALID_PRODUCER_EPOCH' });
    await expect(l.append(idempotent(5, 1, { epoch: 3 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(l.logEndOffset).toBe(1);
  });

  test('a duplicate on a LogAppendTime topic reports the original append time', async () => {
    const l = await open(logConfig({ messageTimestampType: 'LogAppendTime' }));
    const first = await l.append(idempotent(0), { acks: 1 });
    expect(first.logAppendTime).toBeGreaterThan(0);
    expect(await l.append(idempotent(0), { acks: 1 })).toEqual(first);
  });
});

describe('producer state across restarts', () => {
  test('a clean close writes <log end>.snapshot; after reopening, retries are still recognised', async () => {
    const l = await open();
    const originals = [];
    for (let seq = 0; seq < 6; seq++) originals.push(await l.append(idempotent(seq), { acks: 1 }));
    await reopen();
    expect(snapshots()).toEqual(['00000000000000000006.snapshot']);
    for (let i = 1; i < 6; i++) expect(await log!.append(idempotent(i), { acks: -1 })).toEqual(originals[i]);
    await expect(log!.append(idempotent(0), { acks: 1 })).rejects.toMatchObject({ errorName: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect((await log!.append(idempotent(6), { acks: 1 })).baseOffset).toBe(6);
    expect(log!.logEndOffset).toBe(7);
  });

  test('without any snapshot (a crash before the first roll) the state is rebuilt from the log', async () => {
    const l = await open();
    for (let seq = 0; seq < 4; seq++) await l.append(idempotent(seq, 1, { epoch: 1 }), { acks: 1 });
    await l.close();
    for (const name of snapshots()) unlinkSync(join(partitionDir, name));
    await open();
    expect(await log!.append(idempotent(3, 1, { epoch: 1 }), { acks: 1 })).toMatchObject({ baseOffset: 3 });
    await expect(log!.append(idempotent(4, 1, { epoch: 0 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'INVALID_PRODUCER_EPOCH' });
    expect(log!.logEndOffset).toBe(4);
  });

  test('segment rolls write snapshots (two kept); an older one plus the log after it rebuilds the state', async () => {
    const small = logConfig({ segmentBytes: 400 });
    const l = await open(small);
    for (let seq = 0; seq < 30; seq++) await l.append(idempotent(seq), { acks: 1 });
    await l.close();
    const kept = snapshots();
    expect(kept.length).toBe(2);
    // Lose the close-time snapshot: the one from the last roll remains, and replay covers the rest.
    unlinkSync(join(partitionDir, kept[1]));
    expect(Number(kept[0].slice(0, 20))).toBeLessThan(30);
    await open(small);
    for (let seq = 25; seq < 30; seq++) expect((await log!.append(idempotent(seq), { acks: 1 })).baseOffset).toBe(seq);
    await expect(log!.append(idempotent(31), { acks: 1 })).rejects.toMatchObject({ errorName: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(log!.logEndOffset).toBe(30);
  });

  test('a snapshot past the recovered log end is dropped, so the lost batch can be sent again', async () => {
    const l = await open();
    await l.append(idempotent(0), { acks: 1 });
    const lastSize = idempotent(1).length;
    await l.append(idempotent(1), { acks: 1 });
    await l.close();
    // A crash tore the last batch off after the snapshot at offset 2 was written.
    const segment = join(partitionDir, '00000000000000000000.log');
    truncateSync(segment, statSync(segment).size - lastSize + 10);
    await open();
    expect(snapshots()).toEqual([]);
    expect(log!.logEndOffset).toBe(1);
    expect(await log!.append(idempotent(1), { acks: 1 })).toMatchObject({ baseOffset: 1 });
    expect(await values(log!)).toEqual(['0', '1']);
  });

  test('a corrupt snapshot is ignored and the log replayed instead', async () => {
    const l = await open();
    for (let seq = 0; seq < 3; seq++) await l.append(idempotent(seq), { acks: 1 });
    await l.close();
    writeFileSync(join(partitionDir, '00000000000000000003.snapshot'), Buffer.from('not a snapshot at all'));
    await open();
    expect(await log!.append(idempotent(2), { acks: 1 })).toMatchObject({ baseOffset: 2 });
    expect(log!.logEndOffset).toBe(3);
  });

  test('a producer whose batches left the log is forgotten after producer.id.expiration.ms, not before', async () => {
    const l = await open();
    await l.append(idempotent(0, 1, { producerId: 1, timestamp: Date.now() - 60_000 }), { acks: 1 });
    await l.append(idempotent(0, 1, { producerId: 2, timestamp: Date.now() }), { acks: 1 });
    await l.append(idempotent(0, 1, { producerId: 3, timestamp: Date.now() - 60_000 }), { acks: 1 });
    await l.deleteRecordsBefore(2);
    await reopen(logConfig(), 30_000);
    // 1 expired: unknown again, any sequence goes. 2 is recent, 3 still in the log: both remembered.
    expect((await log!.append(idempotent(9, 1, { producerId: 1 }), { acks: 1 })).baseOffset).toBe(3);
    await expect(log!.append(idempotent(9, 1, { producerId: 2 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    await expect(log!.append(idempotent(9, 1, { producerId: 3 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });
});
