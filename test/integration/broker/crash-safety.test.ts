// kill -9 during a sustained acks=all produce: everything acknowledged before the kill must be
// there after a restart, in order, with contiguous offsets and no corrupt batch.
import { afterAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';
import { startBrokerProcess } from '../../support/broker-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('records acknowledged with acks=all survive kill -9', async () => {
  const first = await startBrokerProcess(dataDir, { 'log.segment.bytes': '200000' });
  const admin = await WireClient.connect(first.port);
  await createTopic(admin, 'durable', 1);
  admin.close();

  // Four producers on their own connections, so group commit is exercised; each value names
  // its producer and sequence so the order per producer can be checked afterwards.
  const acknowledged = new Map<string, number>();
  let stop = false;
  const producers = await Promise.all([0, 1, 2, 3].map(() => WireClient.connect(first.port)));
  const loops = producers.map(async (client, p) => {
    for (let seq = 0; !stop; seq++) {
      const values = Array.from({ length: 10 }, (_, i) => `p${p}-${seq}-${i}-${'x'.repeat(100)}`);
      try {
        const answer = await produce(client, 'durable', 0, encodeBatch(values.map((v) => ({ value: Buffer.from(v) }))), -1);
        if (answer.errorCode !== 0) throw new Error(`produce failed with ${answer.errorCode}`);
        values.forEach((v, i) => acknowledged.set(v, answer.baseOffset + i));
      } catch {
        return;
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(loops);
  await first.exited;
  expect(acknowledged.size).toBeGreaterThan(500);

  const second = await startBrokerProcess(dataDir);
  const reader = await WireClient.connect(second.port);
  const seen: { offset: number; value: string }[] = [];
  for (let offset = 0; ;) {
    const partition = (await fetch(reader, 'durable', 0, offset, { partitionMaxBytes: 4 * 1024 * 1024 })).responses[0].partitions[0];
    expect(partition.errorCode).toBe(0);
    const records = partition.records as Buffer | null;
    if (!records || records.length === 0) break;
    for (const batch of iterateBatches(records)) {
      for (const r of decodeBatch(batch.bytes).records) if (r.offset >= offset) seen.push({ offset: r.offset, value: r.value!.toString() });
    }
    offset = seen.at(-1)!.offset + 1;
    if (offset >= partition.highWatermark) break;
  }
  reader.close();
  second.child.kill('SIGTERM');
  await second.exited;

  // Offsets are contiguous from 0, and every acknowledged record is at its acknowledged offset.
  expect(seen.map((r) => r.offset)).toEqual(seen.map((_, i) => i));
  const stored = new Map(seen.map((r) => [r.value, r.offset]));
  for (const [value, offset] of acknowledged) expect(stored.get(value)).toBe(offset);
  // Each producer's records are in its send order.
  for (const p of [0, 1, 2, 3]) {
    const mine = seen.filter((r) => r.value.startsWith(`p${p}-`)).map((r) => r.value.split('-').slice(1, 3).map(Number));
    const sorted = [...mine].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(mine).toEqual(sorted);
  }
}, 60_000);
