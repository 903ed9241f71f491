// A real idempotent producer (librdkafka, through confluent-kafka-python) writes through a proxy
// that cuts its connections right after Produce requests reached the broker and before their
// responses came back, and once drops every connection at the same time. librdkafka must resend
// those batches with their original sequence numbers; the broker must recognise them. Afterwards
// the topic holds every record exactly once, in the order produced, and every delivery report
// names the record's real offset (a duplicate is answered with the original offset).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { decodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { run, systemPython } from '../../compat/harness.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { TcpProxy } from '../../support/tcp-proxy.ts';
import { WireClient } from '../../support/wire-client.ts';
import { createTopic, fetch } from '../../support/wire-calls.ts';

const RECORDS = 300;
const TOPIC = 'idempotent-through-faults';

const producerScript = `
import json, sys, time
from confluent_kafka import Producer

bootstrap, count = sys.argv[1], int(sys.argv[2])
producer = Producer({
    'bootstrap.servers': bootstrap,
    'enable.idempotence': True,
    'acks': 'all',
    'max.in.flight.requests.per.connection': 5,
    'linger.ms': 2,
    'batch.num.messages': 10,
    'retry.backoff.ms': 20,
    'reconnect.backoff.ms': 10,
    'reconnect.backoff.max.ms': 100,
    'message.timeout.ms': 60000,
})
reports = []
def on_delivery(err, msg):
    reports.append({'value': msg.value().decode(), 'offset': msg.offset(), 'error': None if err is None else str(err)})
for i in range(count):
    producer.produce('${TOPIC}', value=str(i).encode(), partition=0, on_delivery=on_delivery)
    if i % 10 == 9:
        producer.poll(0.005)
left = producer.flush(60)
print(json.dumps({'undelivered': left, 'reports': reports}))
`;

let proxy: TcpProxy;
let broker: TempBroker;
let client: WireClient;

beforeAll(async () => {
  // Cut the connection after the 3rd, 6th and 11th Produce requests were forwarded, and drop
  // every connection when the 16th arrives (before forwarding it).
  proxy = await TcpProxy.start({
    onProduceRequest: (n, p) => {
      if (n === 3 || n === 6 || n === 11) p.dropAfterNextProduce();
      if (n === 16) p.dropAllConnections();
    },
  });
  broker = await startTempBroker({ 'advertised.listeners': `PLAINTEXT://127.0.0.1:${proxy.port}`, 'auto.create.topics.enable': 'false' });
  proxy.setTarget(broker.broker.port);
  client = await WireClient.connect(broker.broker.port);
  expect(await createTopic(client, TOPIC)).toMatchObject({ errorCode: 0 });
});

afterAll(async () => {
  client?.close();
  await proxy?.close();
  await broker?.stop();
});

async function topicValues(): Promise<string[]> {
  const values: string[] = [];
  let offset = 0;
  for (;;) {
    const partition = (await fetch(client, TOPIC, 0, offset)).responses[0].partitions[0];
    const records = partition.records as Buffer | null;
    if (records === null || records.length === 0) return values;
    for (const batch of iterateBatches(records)) {
      for (const r of decodeBatch(batch.bytes).records) values.push(r.value?.toString() ?? '');
      offset = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
    }
  }
}

test('librdkafka retries across cut connections; every record is stored exactly once, in order', async () => {
  const result = await run(systemPython, ['-c', producerScript, `127.0.0.1:${proxy.port}`, String(RECORDS)], { timeoutMs: 90_000 });
  const { undelivered, reports } = JSON.parse(result.stdout) as { undelivered: number; reports: { value: string; offset: number; error: string | null }[] };

  // The faults happened: three requests cut after reaching the broker, plus one mass drop.
  expect(proxy.stats.droppedAfterProduce).toBe(3);
  expect(proxy.stats.droppedByCommand).toBeGreaterThanOrEqual(1);
  expect(proxy.stats.connections).toBeGreaterThan(2);

  expect(undelivered).toBe(0);
  expect(reports.filter((r) => r.error !== null)).toEqual([]);
  const expected = Array.from({ length: RECORDS }, (_, i) => String(i));
  expect(await topicValues()).toEqual(expected);
  // Each delivery report carries the offset where that record really is.
  expect(reports.map((r) => [r.value, r.offset]).sort((a, b) => Number(a[0]) - Number(b[0])))
    .toEqual(expected.map((v, i) => [v, i]));
}, 120_000);
