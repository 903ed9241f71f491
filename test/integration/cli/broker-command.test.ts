import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startBrokerProcess } from '../../support/broker-process.ts';

function collect(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  const child = runCli(args, env);
  let out = '';
  child.stdout?.on('data', (c) => { out += c; });
  child.stderr?.on('data', (c) => { out += c; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('tributary broker', () => {
  test('starts from a server.properties file, then stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
    writeFileSync(join(dir, 'server.properties'), `# a Kafka-style file\nnum.partitions=4\nlog.dirs=${join(dir, 'data')}\n`);
    const child = runCli(['broker', join(dir, 'server.properties'), '--override', 'listeners=PLAINTEXT://127.0.0.1:0']);
    let out = '';
    child.stdout?.on('data', (c) => { out += c; });
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (out.includes('Tributary broker')) { clearInterval(t); resolve(); } }, 20); });
    // A connected client must not hold up the shutdown.
    const port = Number(/"listeners":\["PLAINTEXT:\/\/[^"]*:(\d+)"/.exec(out)![1]);
    const client = connect({ port, host: '127.0.0.1' });
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('connect', resolve));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    client.destroy();
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(out).toContain('broker stopped');
    expect(out).toContain(join(dir, 'data'));
  });

  test('a port in use gives a clear message and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
    const { code, out } = await collect(['broker', '--override', `listeners=PLAINTEXT://127.0.0.1:${port}`, '--override', `log.dirs=${dir}`]);
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(out).toContain(`Port ${port} is already in use`);
  });

  test('an unusable data directory gives a clear message and exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const { code, out } = await collect(['broker', '--override', 'listeners=PLAINTEXT://127.0.0.1:0', '--override', `log.dirs=${file}`]);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(out).toContain(`The data directory ${file} is not usable`);
  });

  test('an invalid setting is refused before anything starts', async () => {
    const { code, out } = await collect(['broker', '--override', 'num.partitions=zero']);
    expect(code).toBe(2);
    expect(out).toContain('Invalid value zero for configuration num.partitions');
  });

  test('settings come from TRIBUTARY_* environment variables too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
    const broker = await startBrokerProcess(dir, {});
    broker.child.kill('SIGTERM');
    await broker.exited;
    const { code, out } = await collect(['broker', '--override', 'listeners=PLAINTEXT://127.0.0.1:0'], { TRIBUTARY_LOG_DIRS: dir, TRIBUTARY_NUM_PARTITIONS: 'x' });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(out).toContain('num.partitions');
  });
});
