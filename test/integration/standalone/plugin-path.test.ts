// A third-party plugin package in plugin.path is loaded, listed over REST and run by the worker:
// its source connector and its transform (by alias) put records into a topic.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBatch } from '../../../broker/protocol/records/record-codec.ts';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { runCli } from '../../support/broker-process.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';
import { fetch } from '../../support/wire-calls.ts';

const pluginPath = join(import.meta.dirname, '..', '..', 'fixtures', 'plugins', 'plugin-path');
let broker: TempBroker;
let dir: string;
beforeAll(async () => {
  broker = await startTempBroker();
  dir = mkdtempSync(join(tmpdir(), 'tributary-plugin-path-'));
});
afterAll(async () => {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a plugin.path package is listed and its source connector and transform run', async () => {
  const worker = join(dir, 'worker.properties');
  writeFileSync(worker, [
    `bootstrap.servers=${broker.broker.bootstrap}`, 'listeners=http://127.0.0.1:0', `plugin.path=${pluginPath}`,
    `offset.storage.file.filename=${join(dir, 'offsets')}`,
    'key.converter=org.apache.kafka.connect.converters.LongConverter', 'value.converter=org.apache.kafka.connect.storage.StringConverter',
  ].join('\n'));
  const connector = join(dir, 'counter.properties');
  writeFileSync(connector, ['name=counter', 'connector.class=com.acme.CounterSourceConnector', 'topic=counts',
    'transforms=shout', 'transforms.shout.type=Shout'].join('\n'));
  const child = runCli(['standalone', worker, connector]);
  let output = '';
  child.stdout?.on('data', (c) => { output += c; });
  child.stderr?.on('data', (c) => { output += c; });
  try {
    const deadline = Date.now() + 30_000;
    let port: number | undefined;
    while (port === undefined) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the worker did not start:\n${output}`);
      const match = /REST server listening/.test(output) ? /"listener":"http:\/\/[^"]*:(\d+)"/.exec(output) : null;
      if (match) port = Number(match[1]);
      else await new Promise((r) => setTimeout(r, 50));
    }
    // The REST server listens before the herder is attached; until then it answers 503.
    let answer = await globalThis.fetch(`http://127.0.0.1:${port}/connector-plugins`);
    while (answer.status === 503 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      answer = await globalThis.fetch(`http://127.0.0.1:${port}/connector-plugins`);
    }
    const plugins = await answer.json() as { class: string; type: string; version: string }[];
    expect(plugins).toContainEqual({ class: 'com.acme.CounterSourceConnector', type: 'source', version: '1.2.3' });

    const client = await WireClient.connect(broker.broker.port);
    let values: string[] = [];
    while (values.length < 6) {
      if (Date.now() > deadline) throw new Error(`no records from the plugin:\n${output.slice(-3000)}`);
      const partition = (await fetch(client, 'counts', 0, 0)).responses[0]?.partitions[0];
      const records = partition?.errorCode === 0 ? partition.records as Buffer : null;
      values = records ? [...iterateBatches(records)].flatMap((b) => decodeBatch(b.bytes).records.map((r) => r.value!.toString())) : [];
      await new Promise((r) => setTimeout(r, 100));
    }
    client.close();
    expect(values.slice(0, 3)).toEqual(['COUNT 0', 'COUNT 1', 'COUNT 2']);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}, 60_000);
