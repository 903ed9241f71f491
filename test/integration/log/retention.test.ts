// Retention in the running broker: its background check (log.retention.check.interval.ms)
// deletes expired segments, and consumers below the new log start get OFFSET_OUT_OF_RANGE.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeAlterConfigsResponse, encodeAlterConfigsRequest } from '../../../broker/protocol/generated/alter-configs.ts';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch, produce } from '../../support/wire-calls.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';

let broker: TempBroker;
let client: WireClient;
beforeAll(async () => {
  broker = await startTempBroker({ 'auto.create.topics.enable': 'false', 'log.retention.check.interval.ms': '50' });
  client = await WireClient.connect(broker.broker.port);
});
afterAll(async () => {
  client.close();
  await broker.stop();
});

const batch = (label: string, timestamp: number) =>
  encodeBatch(Array.from({ length: 10 }, (_, i) => ({ key: null, value: Buffer.from(`${label}-${i}`.padEnd(100, '.')) })), { timestamp });

describe('retention in the broker', () => {
  test('the background check deletes segments older than retention.ms; fetching below the start is OFFSET_OUT_OF_RANGE', async () => {
    // Retention is switched on only once everything is written: a check running mid-way would roll
    // the (expired) active segment early and shift the segment boundaries this test counts on.
    const configs = { 'segment.bytes': '4096', 'file.delete.delay.ms': '0' };
    expect((await createTopic(client, 'events', 1, { ...configs, 'retention.ms': '-1' })).errorCode).toBe(0);
    // 3 batches fill a 4 KiB segment: the 21 old ones fill 7 segments, the new ones start the 8th.
    const old = Date.now() - 2 * 3_600_000;
    for (let i = 0; i < 21; i++) expect((await produce(client, 'events', 0, batch(`old${i}`, old))).errorCode).toBe(0);
    for (let i = 0; i < 5; i++) expect((await produce(client, 'events', 0, batch(`new${i}`, Date.now()))).errorCode).toBe(0);

    const altered = await client.call(33, 2, encodeAlterConfigsRequest, decodeAlterConfigsResponse, { validateOnly: false,
      resources: [{ resourceType: 2, resourceName: 'events', configs: Object.entries({ ...configs, 'retention.ms': '3600000' }).map(([name, value]) => ({ name, value })) }] });
    expect(altered.responses[0].errorCode).toBe(0);

    let partition = (await fetch(client, 'events', 0, 0)).responses[0].partitions[0];
    // Wait until every expired segment (all 7 that hold only old batches) is gone.
    for (let tries = 0; Number(partition.logStartOffset) !== 210 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      partition = (await fetch(client, 'events', 0, 0)).responses[0].partitions[0];
    }
    expect(partition.errorCode).toBe(1); // OFFSET_OUT_OF_RANGE
    expect(Number(partition.logStartOffset)).toBe(210);
    const fromStart = (await fetch(client, 'events', 0, 210)).responses[0].partitions[0];
    expect(fromStart).toMatchObject({ errorCode: 0, logStartOffset: 210, highWatermark: 260 });
    const first = decodeBatch(fromStart.records as Buffer).records[0];
    expect(first).toMatchObject({ offset: 210 });
    expect(first.value?.toString().startsWith('new0-0')).toBe(true);
  });
});
