// `npm start`: the bundled broker and one distributed worker in one process — a newcomer's first
// minute. The broker listens on 9092 with its data under ./data/broker, the worker's REST API on
// 8083; the command prints both and a first curl to try.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { Broker, startBroker } from '../broker/server/broker.ts';
import { createLogger } from '../logging/logger.ts';
import { startDistributedWorker, type DistributedWorker } from '../runtime/cluster/distributed-worker.ts';
import { stopRequested } from './worker-command.ts';

export interface StartCommandOptions {
  logger?: Logger;
  signal?: AbortSignal;
  /** Where the banner goes (default: standard output). */
  print?: (line: string) => void;
  onStarted?: (urls: { kafka: string; rest: URL }) => void;
}

export function quickstartWorkerProps(bootstrap: string, restPort: number): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    'group.id': 'tributary-quickstart',
    'config.storage.topic': 'connect-configs',
    'offset.storage.topic': 'connect-offsets',
    'status.storage.topic': 'connect-status',
    // The bundled broker is a single node: the broker's default replication factor (1).
    'config.storage.replication.factor': '-1',
    'offset.storage.replication.factor': '-1',
    'status.storage.replication.factor': '-1',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    listeners: `http://:${restPort}`,
    'rest.advertised.host.name': 'localhost',
    'offset.flush.interval.ms': '10000',
    // One worker: nothing to wait for when it restarts.
    'scheduled.rebalance.max.delay.ms': '0',
  };
}

export async function startCommand(argv: string[], options: StartCommandOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  let values: { 'kafka-port'?: string; 'rest-port'?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'kafka-port': { type: 'string' }, 'rest-port': { type: 'string' }, 'data-dir': { type: 'string' } } }));
  } catch (e) {
    console.error(`tributary start: ${(e as Error).message}\nUsage: tributary start [--kafka-port 9092] [--rest-port 8083] [--data-dir ./data]`);
    return 2;
  }
  const log = options.logger ?? createLogger({ level: process.env.TRIBUTARY_LOG_LEVEL ?? 'warn' });
  const started = Date.now();
  let broker: Broker | undefined;
  let worker: DistributedWorker | undefined;
  try {
    broker = await startBroker({
      listeners: `PLAINTEXT://:${values['kafka-port'] ?? '9092'}`,
      'advertised.listeners': `PLAINTEXT://localhost:${values['kafka-port'] ?? '9092'}`,
      'log.dirs': join(values['data-dir'] ?? 'data', 'broker'),
      // A single worker joins alone: no reason to wait for others.
      'group.initial.rebalance.delay.ms': '0',
    }, log.child({ component: 'broker' }));
    const kafkaPort = broker.context.listeners[0].port;
    worker = await startDistributedWorker(quickstartWorkerProps(`localhost:${kafkaPort}`, Number(values['rest-port'] ?? '8083')), { logger: log.child({ component: 'worker' }) });
    await waitUntilJoined(worker);
    const rest = worker.url;
    const base = `http://localhost:${rest.port}`;
    print(`Tributary is ready in ${Date.now() - started} ms.`);
    print(`  Kafka broker:      localhost:${kafkaPort}  (data under ${join(values['data-dir'] ?? 'data', 'broker')})`);
    print(`  Connect REST API:  ${base}`);
    print('');
    print('Try it: create a connector that generates orders into the topic "orders":');
    print(`  curl -s -X POST -H 'Content-Type: application/json' ${base}/connectors -d '{"name":"orders","config":{"connector.class":"Datagen","kafka.topic":"orders","quickstart":"orders","max.interval":"500","tasks.max":"1"}}'`);
    print(`  curl -s ${base}/connectors/orders/status`);
    print(`  kcat -C -b localhost:${kafkaPort} -t orders -e`);
    print('Press Ctrl-C to stop.');
    options.onStarted?.({ kafka: `localhost:${kafkaPort}`, rest });
  } catch (e) {
    console.error(`tributary start: ${(e as Error).message}`);
    await worker?.stop().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    return 1;
  }
  await stopRequested(options.signal);
  await worker.stop();
  await broker.close();
  log.flush();
  return 0;
}

async function waitUntilJoined(worker: DistributedWorker): Promise<void> {
  while (!worker.cluster.joined || worker.cluster.rebalancing) await new Promise((r) => setTimeout(r, 20));
}
