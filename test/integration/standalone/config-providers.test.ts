// Config providers in connector configs: the worker resolves ${file:…} and ${env:…} references
// when it starts the connector and its tasks, while the stored config keeps the reference.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/broker-process.ts';
import { startTempBroker, type TempBroker } from '../../support/temp-broker.ts';
import { WireClient } from '../../support/wire-client.ts';
import { fetch } from '../../support/wire-calls.ts';

let broker: TempBroker;
let dir: string;
beforeAll(async () => {
  broker = await startTempBroker();
  dir = mkdtempSync(join(tmpdir(), 'tributary-providers-'));
});
afterAll(async () => {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('file and env references are resolved for the running connector, not in its stored config', async () => {
  writeFileSync(join(dir, 'input.txt'), 'alpha\nbeta\n');
  writeFileSync(join(dir, 'secrets.properties'), 'topic=resolved-topic\n');
  const worker = join(dir, 'worker.properties');
  writeFileSync(worker, [
    `bootstrap.servers=${broker.broker.bootstrap}`, 'listeners=http://127.0.0.1:0', `offset.storage.file.filename=${join(dir, 'offsets')}`,
    'key.converter=org.apache.kafka.connect.storage.StringConverter', 'value.converter=org.apache.kafka.connect.storage.StringConverter',
    'config.providers=file,env',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
  ].join('\n'));
  const connector = join(dir, 'source.properties');
  writeFileSync(connector, ['name=secret-source', 'connector.class=FileStreamSource',
    `topic=\${file:${join(dir, 'secrets.properties')}:topic}`, 'file=${env:TRIBUTARY_TEST_INPUT}'].join('\n'));
  const child = runCli(['standalone', worker, connector], { TRIBUTARY_TEST_INPUT: join(dir, 'input.txt') });
  let output = '';
  child.stdout?.on('data', (c) => { output += c; });
  child.stderr?.on('data', (c) => { output += c; });
  try {
    const deadline = Date.now() + 30_000;
    const client = await WireClient.connect(broker.broker.port);
    let stored = 0;
    while (stored < 2) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no records in resolved-topic:\n${output.slice(-3000)}`);
      const partition = (await fetch(client, 'resolved-topic', 0, 0)).responses[0].partitions[0];
      stored = partition.errorCode === 0 ? Number(partition.highWatermark) : 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    client.close();
    const port = Number(/"listener":"http:\/\/[^"]*:(\d+)"/.exec(output)![1]);
    const config = await (await globalThis.fetch(`http://127.0.0.1:${port}/connectors/secret-source/config`)).json() as Record<string, string>;
    expect(config.topic).toBe(`\${file:${join(dir, 'secrets.properties')}:topic}`);
    expect(config.file).toBe('${env:TRIBUTARY_TEST_INPUT}');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}, 60_000);
