// `tributary worker worker.properties`, as Kafka's connect-distributed: one worker of the cluster
// named by group.id; connectors are created over the REST API (listeners, default http://:8083).
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { createLogger } from '../logging/logger.ts';
import { startDistributedWorker, type DistributedWorker } from '../runtime/cluster/distributed-worker.ts';
import { parseProperties } from '../runtime/config/properties.ts';

export interface WorkerCommandOptions {
  logger?: Logger;
  /** Resolves the command (exit code 0) when aborted; default: SIGTERM/SIGINT. */
  signal?: AbortSignal;
  /** Called with the advertised REST URL once the worker serves requests. */
  onStarted?: (restUrl: URL) => void;
}

export async function workerCommand(argv: string[], options: WorkerCommandOptions = {}): Promise<number> {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    console.error('Usage: tributary worker worker.properties');
    return argv.length === 1 ? 0 : 2;
  }
  const log = options.logger ?? createLogger();
  let props: Record<string, string>;
  try {
    props = parseProperties(readFileSync(argv[0], 'utf8'));
  } catch (e) {
    console.error(`tributary worker: ${(e as Error).message}`);
    return 2;
  }
  let worker: DistributedWorker;
  try {
    worker = await startDistributedWorker(props, { logger: log });
  } catch (e) {
    log.error({ err: e }, 'worker failed to start');
    console.error(`tributary worker: ${(e as Error).message}`);
    return 1;
  }
  log.info({ url: worker.url.toString(), group: props['group.id'] }, 'Kafka Connect distributed worker started');
  options.onStarted?.(worker.url);
  await stopRequested(options.signal);
  log.info('Kafka Connect stopping');
  await worker.stop();
  log.flush();
  return 0;
}

export function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal !== undefined) {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}
