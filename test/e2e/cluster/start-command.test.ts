// `npm start`: the bundled broker and one distributed worker in one process, a banner that says
// where they listen, and the printed curl works.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { startCommand } from '../../../cli/start-command.ts';
import { silentLogger } from '../../../logging/logger.ts';
import { http, runningTasks, waitFor } from './cluster-support.ts';

test('starts broker and worker, prints where they listen and a first curl that creates a running connector', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-start-'));
  const lines: string[] = [];
  const abort = new AbortController();
  let urls: { kafka: string; rest: URL } | undefined;
  const exit = startCommand(['--kafka-port', '0', '--rest-port', '0', '--data-dir', dir], {
    logger: silentLogger(), signal: abort.signal, print: (l) => lines.push(l), onStarted: (u) => { urls = u; },
  });
  try {
    await waitFor('started', async () => urls);
    const banner = lines.join('\n');
    expect(banner).toMatch(/^Tributary is ready in \d+ ms\./);
    expect(banner).toContain(`Kafka broker:      ${urls!.kafka}`);
    expect(banner).toContain(`Connect REST API:  http://localhost:${urls!.rest.port}`);
    expect((await http('GET', `http://localhost:${urls!.rest.port}/`)).status).toBe(200);
    // The printed curl's body, sent as printed.
    const body = JSON.parse(/-d '([^']+)'/.exec(banner)![1]);
    expect((await http('POST', `http://localhost:${urls!.rest.port}/connectors`, body)).status).toBe(201);
    await waitFor('datagen task RUNNING', () => runningTasks(`http://localhost:${urls!.rest.port}/`, 'orders', 1));
  } finally {
    abort.abort();
    expect(await exit).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
