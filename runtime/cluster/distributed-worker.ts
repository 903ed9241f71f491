// Assembles one distributed worker from its properties: REST server (bound first: its advertised
// URL is the worker id), Kafka clients, offsets topic, the Worker engine, the cluster membership
// and the distributed herder. Used by `tributary worker`, `npm start` and the tests.
import type { Logger } from 'pino';
import { ConfigResolver } from '../config/providers/config-resolver.ts';
import { ConnectorConfigValidator } from '../herder/connector-validation.ts';
import { LoggerRegistry } from '../herder/logger-levels.ts';
import { KafkaClients } from '../kafka/kafka-clients.ts';
import { CLIENT_OVERRIDE_POLICY_CONFIG } from '../plugins/client-override-policy.ts';
import { PluginRegistry } from '../plugins/plugin-registry.ts';
import { restConfigFrom } from '../rest/rest-config.ts';
import { RestServer } from '../rest/rest-server.ts';
import { KafkaOffsetBackingStore } from '../storage/offset-backing-store.ts';
import { Worker } from '../worker/worker.ts';
import type { WorkerPlugins } from '../worker/worker-plugins.ts';
import { ClusterContact } from './cluster-contact.ts';
import { distributedConfigFrom } from './distributed-config.ts';
import { DistributedHerder } from './distributed-herder.ts';
import { httpForwarder } from './http-forwarder.ts';
import { WorkerCluster } from './worker-cluster.ts';

export interface DistributedWorkerOptions {
  logger: Logger;
  /** Replaces the registry's connectors for the engine (tests add their own). */
  plugins?: WorkerPlugins;
}

export interface DistributedWorker {
  readonly herder: DistributedHerder;
  readonly cluster: WorkerCluster;
  /** The advertised REST URL. */
  readonly url: URL;
  stop(): Promise<void>;
}

export async function startDistributedWorker(props: Record<string, string>, options: DistributedWorkerOptions): Promise<DistributedWorker> {
  const log = options.logger;
  const config = distributedConfigFrom(props);
  const registry = await PluginRegistry.load({ pluginPath: props['plugin.path'], logger: log });
  const resolver = ConfigResolver.fromWorkerConfig(props, registry.configProviderFactories());
  const rest = new RestServer({ config: restConfigFrom(props), logger: log.child({ component: 'rest' }), forwarder: httpForwarder });
  await rest.start();
  const url = rest.advertisedUrl();
  const workerId = `${url.hostname}:${url.port}`;
  const clients = new KafkaClients(props, `connect-${workerId}`);
  const offsetStore = new KafkaOffsetBackingStore(clients, config.topics.offsets, 'offsets', log);
  try {
    await offsetStore.start();
    const worker = new Worker({ workerId, workerProps: props, plugins: options.plugins ?? registry, clients, offsetStore, logger: log });
    const validator = new ConnectorConfigValidator({
      catalog: registry, resolver, overridePolicy: registry.newClientConfigOverridePolicy(props[CLIENT_OVERRIDE_POLICY_CONFIG]),
    });
    const loggers = new LoggerRegistry(log);
    const clusterLog = log.child({ component: 'cluster', worker: workerId });
    const contact = new ClusterContact({ bootstrapServers: props['bootstrap.servers'] ?? '', logger: clusterLog });
    const cluster = new WorkerCluster({
      config, clients, worker, url: url.toString(), logger: clusterLog, contact,
      onLoggingLevelUpdate: (namespace, level) => loggers.setLevel(namespace, level),
    });
    const herder = new DistributedHerder({
      cluster, worker, catalog: registry, validator, loggers, logger: log, commit: process.env.TRIBUTARY_COMMIT,
    });
    await herder.start();
    rest.attach(herder);
    return {
      herder, cluster, url,
      async stop() {
        await rest.stop();
        await herder.stop();
        await offsetStore.stop();
      },
    };
  } catch (error) {
    await rest.stop();
    await offsetStore.stop().catch(() => undefined);
    throw error;
  }
}
