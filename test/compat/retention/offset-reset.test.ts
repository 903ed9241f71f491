// Retention under a real client: after old segments are deleted, a librdkafka consumer (kcat)
// that asks for an offset below the new log start gets OFFSET_OUT_OF_RANGE and resets per
// auto.offset.reset, as against Apache Kafka.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { encodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { WireClient } from '../../support/wire-client.ts';
import { fetch, produce } from '../../support/wire-calls.ts';
import { createTopicDirectly, run, startCompatBroker, type CompatBroker } from '../harness.ts';

let broker: CompatBroker;
beforeAll(async () => { broker = await startCompatBroker({ 'log.retention.check.interval.ms': '50' }); });
afterAll(async () => { await broker.stop(); });

test('kcat below the log start offset resets to earliest or latest per auto.offset.reset', async () => {
  await createTopicDirectly(broker, 'expiring', 1, { 'retention.ms': '3600000', 'segment.bytes': '1100', 'file.delete.delay.ms': '0' });
  const client = await WireClient.connect(broker.port);
  // Each old batch (~1 KiB) fills a 1100-byte segment on its own, so all ten expire together.
  const old = Date.now() - 2 * 3_600_000;
  for (let i = 0; i < 10; i++) {
    expect((await produce(client, 'expiring', 0, encodeBatch([{ value: Buffer.from(`old-${i}`.padEnd(960, '.')) }], { timestamp: old }))).errorCode).toBe(0);
  }
  for (let i = 0; i < 3; i++) {
    expect((await produce(client, 'expiring', 0, encodeBatch([{ value: Buffer.from(`new-${i}`) }], { timestamp: Date.now() }))).errorCode).toBe(0);
  }
  let logStart = 0;
  for (let tries = 0; logStart < 10 && tries < 100; tries++) {
    await new Promise((r) => setTimeout(r, 50));
    logStart = Number((await fetch(client, 'expiring', 0, 0)).responses[0].partitions[0].logStartOffset);
  }
  client.close();
  expect(logStart).toBe(10);

  const earliest = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', 'expiring', '-o', '0', '-e', '-q',
    '-X', 'auto.offset.reset=earliest', '-f', '%o %s\\n']);
  expect(earliest.stdout.trim().split('\n')).toEqual(['10 new-0', '11 new-1', '12 new-2']);
  const latest = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', 'expiring', '-o', '0', '-e', '-q',
    '-X', 'auto.offset.reset=latest', '-f', '%o %s\\n']);
  expect(latest.stdout.trim()).toBe('');
}, 60_000);
