// A compacted topic under load, over the wire: 1M updates of 10k keys (100-byte records) plus
// 500 keys deleted by tombstones, compacted by the broker's cleaner while a producer keeps
// writing and a consumer keeps reading from the start.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeBatch, encodeBatch, type KafkaRecord } from '../../../broker/protocol/records/record-codec.ts';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

const KEYS = 10_000;
const UPDATES = Number(process.env.COMPACTION_TEST_UPDATES ?? 1_000_000);
const DELETED_KEYS = 500;
const PER_BATCH = 2_000;

let broker: TempBroker;
let client: WireClient;
beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false' });
  client = await WireClient.connect(broker.broker.port);
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

/** What the topic should say: key → last value (null = deleted). */
const model = new Map<string, string | null>();
let written = 0;

function valueOf(update: number): string {
  return `value-${update}-`.padEnd(80, 'x');
}

let goneEvents = 0;

function record(key: string, value: string | null) {
  model.set(key, value);
  return { key: Buffer.from(key), value: value === null ? null : Buffer.from(value) };
}

/**
 * The next `count` updates of keys key-00000..key-09999 in turn. After every 1000th, one extra
 * record for a "gone" key: the first 500 such events create gone-0..gone-499, every later one
 * deletes one of them (a tombstone), so all 500 end deleted.
 */
function nextBatch(count: number): Buffer {
  const records = [];
  for (let i = 0; i < count; i++, written++) {
    records.push(record(`key-${String(written % KEYS).padStart(5, '0')}`, valueOf(written)));
    if (written % 1000 === 999) {
      const event = goneEvents++;
      records.push(record(`gone-${event % DELETED_KEYS}`, event < DELETED_KEYS ? valueOf(written) : null));
    }
  }
  return encodeBatch(records);
}

async function produceUpdates(total: number): Promise<void> {
  for (let done = 0; done < total; done += PER_BATCH) {
    const response = await produce(client, 'table', 0, nextBatch(Math.min(PER_BATCH, total - done)), 1);
    expect(response.errorCode).toBe(0);
  }
}

async function readFromStart(reader: WireClient): Promise<KafkaRecord[]> {
  const out: KafkaRecord[] = [];
  let next = 0;
  for (;;) {
    const partition = (await fetch(reader, 'table', 0, next, { partitionMaxBytes: 4 * 1024 * 1024 })).responses[0].partitions[0];
    expect(partition.errorCode).toBe(0);
    const records = partition.records as Buffer | null;
    if (records === null || records.length === 0) return out;
    for (const batch of iterateBatches(records)) {
      for (const r of decodeBatch(batch.bytes).records) if (r.offset >= next) out.push(r);
      next = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
    }
    if (next >= Number(partition.highWatermark)) return out;
  }
}

describe('compacted topic under load', () => {
  test('1M updates of 10k keys compact to 10k live records plus unexpired tombstones, while producing and consuming', async () => {
    expect((await createTopic(client, 'table', 1, {
      'cleanup.policy': 'compact', 'segment.bytes': String(1024 * 1024), 'min.cleanable.dirty.ratio': '0.3',
      'delete.retention.ms': String(3_600_000), 'file.delete.delay.ms': '0',
    })).errorCode).toBe(0);
    const cleaner = broker.broker.logMaintenance?.cleaner;
    expect(cleaner).toBeDefined();
    let producing = true;
    // The cleaner works through the log while it grows, as it would in the background.
    const cleaning = (async () => {
      while (producing) if ((await cleaner!.cleanOnce()) === null) await new Promise((r) => setTimeout(r, 20));
    })();
    const reader = await WireClient.connect(broker.broker.port);
    try {
      await produceUpdates(UPDATES);
      // More updates keep arriving while a second connection reads the topic from the start.
      const more = produceUpdates(100_000);
      const duringLoad = await readFromStart(reader);
      for (let i = 1; i < duringLoad.length; i++) expect(duringLoad[i].offset).toBeGreaterThan(duringLoad[i - 1].offset);
      await more;
    } finally {
      producing = false;
      await cleaning;
    }
    expect(model.size).toBe(KEYS + DELETED_KEYS);
    await cleaner!.cleanUntilDone();

    const log = broker.broker.context.logs.partition('table', 0)!;
    const activeBase = log.segmentList().at(-1)!.baseOffset;
    const records = await readFromStart(reader);
    reader.close();
    const latest = new Map(records.map((r) => [r.key!.toString(), r.value === null ? null : r.value.toString()]));
    expect(latest).toEqual(model);
    expect([...latest.values()].filter((v) => v !== null).length).toBe(KEYS);
    expect([...latest.values()].filter((v) => v === null).length).toBe(DELETED_KEYS);
    // Below the active segment every key appears exactly once: 10k live records + 500 tombstones at most.
    const cleaned = records.filter((r) => r.offset < activeBase);
    expect(new Set(cleaned.map((r) => r.key!.toString())).size).toBe(cleaned.length);
    expect(cleaned.length).toBeLessThanOrEqual(KEYS + DELETED_KEYS);
    expect(records.length - cleaned.length).toBe(log.logEndOffset - activeBase);
    expect(log.logEndOffset).toBe(written + goneEvents);
    expect(cleaner!.totals.bytesIn).toBeGreaterThan(100 * 1024 * 1024);
  }, 120_000);
});

describe('log.cleaner.enable=false', () => {
  test('starts no cleaner: a compacted topic keeps every update', async () => {
    const off = await startTempBroker({ 'log.cleaner.enable': 'false' });
    try {
      expect(off.broker.logMaintenance?.cleaner).toBeNull();
      expect(off.broker.logMaintenance?.retention).toBeDefined();
    } finally {
      await off.stop();
    }
  });
});
