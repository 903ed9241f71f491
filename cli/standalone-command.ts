// `tributary standalone worker.properties [connector1.properties ...]`, as Kafka's
// connect-standalone: one worker, connectors from property files (a file may also be the JSON of
// POST /connectors), source offsets in offset.storage.file.filename, REST on `listeners`.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { createLogger } from '../logging/logger.ts';
import { parseProperties } from '../runtime/config/properties.ts';
import { ConfigResolver } from '../runtime/config/providers/config-resolver.ts';
import { ConnectorConfigValidator } from '../runtime/herder/connector-validation.ts';
import { FileOffsetStore } from '../runtime/storage/file-offset-store.ts';
import { LoggerRegistry } from '../runtime/herder/logger-levels.ts';
import { StandaloneHerder } from '../runtime/herder/standalone-herder.ts';
import { KafkaClients } from '../runtime/kafka/kafka-clients.ts';
import { Worker } from '../runtime/worker/worker.ts';
import { stopRequested } from './worker-command.ts';
import type { ConnectorWorker } from '../runtime/herder/worker-facade.ts';
import { CLIENT_OVERRIDE_POLICY_CONFIG } from '../runtime/plugins/client-override-policy.ts';
import { PluginRegistry } from '../runtime/plugins/plugin-registry.ts';
import { restConfigFrom } from '../runtime/rest/rest-config.ts';
import { RestServer } from '../runtime/rest/rest-server.ts';

export const OFFSET_FILE_CONFIG = 'offset.storage.file.filename';

export interface WorkerContext {
  workerProps: Record<string, string>;
  registry: PluginRegistry;
  offsetStore: FileOffsetStore;
  resolver: ConfigResolver;
  /** `host:port` of the advertised REST URL (status entries' worker_id). */
  workerId: string;
  logger: Logger;
}

export interface StandaloneOptions {
  /** Builds the worker that runs connectors and tasks; default: the engine of runtime/worker. */
  createWorker?: (context: WorkerContext) => Promise<ConnectorWorker>;
  logger?: Logger;
  /** Resolves the command (exit code 0) when aborted; default: SIGTERM/SIGINT. */
  signal?: AbortSignal;
  /** Called with the advertised REST URL once every connector file has been submitted. */
  onStarted?: (restUrl: URL) => void;
}

/** The engine's Worker, talking to `bootstrap.servers`, with offsets in the offsets file. */
export async function createEngineWorker(ctx: WorkerContext): Promise<ConnectorWorker> {
  return new Worker({
    workerId: ctx.workerId, workerProps: ctx.workerProps, plugins: ctx.registry,
    clients: new KafkaClients(ctx.workerProps), offsetStore: ctx.offsetStore, resolver: ctx.resolver, logger: ctx.logger,
  });
}

export async function standaloneCommand(argv: string[], options: StandaloneOptions = {}): Promise<number> {
  if (argv.length < 1 || argv[0] === '-h' || argv[0] === '--help') {
    console.error('Usage: tributary standalone worker.properties [connector1.properties connector2.json ...]');
    return argv.length < 1 ? 2 : 0;
  }
  const log = options.logger ?? createLogger();
  let workerProps: Record<string, string>;
  let connectorConfigs: Record<string, string>[];
  try {
    workerProps = parseProperties(readFileSync(argv[0], 'utf8'));
    connectorConfigs = argv.slice(1).map(readConnectorFile);
    if (workerProps[OFFSET_FILE_CONFIG] === undefined) throw new Error(`Missing required configuration "${OFFSET_FILE_CONFIG}" which has no default value.`);
  } catch (e) {
    console.error(`tributary standalone: ${(e as Error).message}`);
    return 2;
  }

  const rest = new RestServer({ config: restConfigFrom(workerProps), logger: log.child({ component: 'rest' }) });
  let herder: StandaloneHerder | undefined;
  try {
    const registry = await PluginRegistry.load({ pluginPath: workerProps['plugin.path'], logger: log });
    const resolver = ConfigResolver.fromWorkerConfig(workerProps, registry.configProviderFactories());
    const offsetStore = new FileOffsetStore(workerProps[OFFSET_FILE_CONFIG]);
    await offsetStore.start();
    await rest.start();
    const url = rest.advertisedUrl();
    const worker = await (options.createWorker ?? createEngineWorker)({ workerProps, registry, offsetStore, resolver, workerId: `${url.hostname}:${url.port}`, logger: log });
    const validator = new ConnectorConfigValidator({
      catalog: registry, resolver,
      overridePolicy: registry.newClientConfigOverridePolicy(workerProps[CLIENT_OVERRIDE_POLICY_CONFIG]),
    });
    herder = new StandaloneHerder({ worker, catalog: registry, validator, loggers: new LoggerRegistry(log), logger: log, commit: process.env.TRIBUTARY_COMMIT });
    await herder.start();
    rest.attach(herder);
    for (const config of connectorConfigs) {
      const name = config.name;
      if (name === undefined) throw new Error('Connector properties must include "name"');
      const created = await herder.putConnectorConfig(name, config, { allowReplace: false });
      log.info({ connector: name, tasks: created.result.tasks.length }, 'Created connector');
    }
    options.onStarted?.(url);
  } catch (e) {
    log.error({ err: e }, 'Stopping after connector error');
    console.error(`tributary standalone: ${(e as Error).message}`);
    await herder?.stop().catch(() => undefined);
    await rest.stop();
    return 1;
  }

  await stopRequested(options.signal);
  log.info('Kafka Connect stopping');
  await rest.stop();
  await herder.stop();
  log.flush();
  return 0;
}

/** A connector file: Java properties, or the JSON of POST /connectors ({name, config}) or a bare config map. */
function readConnectorFile(path: string): Record<string, string> {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.json')) return parseProperties(text);
  const json = JSON.parse(text) as Record<string, unknown>;
  const config = (typeof json.config === 'object' && json.config !== null ? json.config : json) as Record<string, unknown>;
  const out: Record<string, string> = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
  if (typeof json.name === 'string') out.name = json.name;
  return out;
}
