// The Worker: instantiates connectors and runs their tasks; what the herder (distributed or
// standalone) drives. Every state change goes to the attached listener (the status store's
// writer); a task that throws is FAILED with its stack trace while every other task keeps running.
import type { Logger } from 'pino';
import type { Connector, SourceConnectorContext } from '../api/connector.ts';
import { ConfigException } from '../config/config-exception.ts';
import type { ConnectorOffset, ConnectorOffsets, ConnectorTaskId, Message, TargetState } from '../herder/herder-entities.ts';
import type { ConnectorWorker, WorkerListener } from '../herder/worker-facade.ts';
import type { ConfigResolver } from '../config/providers/config-resolver.ts';
import type { KafkaClients } from '../kafka/kafka-clients.ts';
import { offsetStorageReader, type OffsetStore } from '../storage/offset-backing-store.ts';
import { silentLogger } from '../../logging/logger.ts';
import { buildTask, type BuiltTask } from './task-builder.ts';
import { engineSettings, type EngineSettings } from './worker-config.ts';
import type { WorkerPlugins } from './worker-plugins.ts';

export interface WorkerOptions {
  readonly workerId: string;
  readonly workerProps: Readonly<Record<string, string>>;
  readonly plugins: WorkerPlugins;
  readonly clients: KafkaClients;
  /** The worker's offsets (offset.storage.topic), started by the caller. */
  readonly offsetStore: OffsetStore;
  /**
   * Resolves `${provider:path:key}` references (config.providers) in connector and task configs
   * just before they are used; the stored configs keep the references, so secrets never reach
   * the config topic, the REST API or the logs.
   */
  readonly resolver?: ConfigResolver;
  readonly logger?: Logger;
}

const NO_LISTENER: WorkerListener = { connectorStateChanged() {}, taskStateChanged() {}, taskReconfigurationRequested() {} };
const taskKey = (id: ConnectorTaskId) => `${id.connector}-${id.task}`;

export class Worker implements ConnectorWorker {
  readonly workerId: string;
  readonly #o: WorkerOptions;
  readonly #settings: EngineSettings;
  readonly #log: Logger;
  #listener = NO_LISTENER;
  readonly #connectors = new Map<string, { connector: Connector; config: Record<string, string> }>();
  readonly #tasks = new Map<string, BuiltTask>();

  constructor(options: WorkerOptions) {
    this.workerId = options.workerId;
    this.#o = options;
    this.#settings = engineSettings(options.workerProps);
    this.#log = (options.logger ?? silentLogger()).child({ component: 'worker' });
  }

  async #resolved(config: Record<string, string>): Promise<Record<string, string>> {
    return this.#o.resolver === undefined ? config : (await this.#o.resolver.resolve(config)).data;
  }

  attach(listener: WorkerListener): void {
    this.#listener = listener;
  }

  async startConnector(name: string, config: Record<string, string>, targetState: TargetState): Promise<Record<string, string>[]> {
    if (this.#connectors.has(name)) throw new Error(`Connector ${name} is already running on this worker`);
    const connector = this.#o.plugins.newConnector(config['connector.class'] ?? '');
    try {
      config = await this.#resolved(config);
      const validated = await connector.validate(config);
      const errors = validated.configValues.flatMap((v) => v.errorMessages.map((m) => `${v.name}: ${m}`));
      if (errors.length > 0) throw new ConfigException(`Connector configuration is invalid: ${errors.join('; ')}`);
      const context: SourceConnectorContext = {
        requestTaskReconfiguration: () => this.#listener.taskReconfigurationRequested(name),
        raiseError: (error) => this.#listener.connectorStateChanged(name, 'FAILED', error),
        offsetStorageReader: () => offsetStorageReader(this.#o.offsetStore, name),
      };
      connector.initialize(context);
      this.#connectors.set(name, { connector, config: { ...config } });
      if (targetState === 'STOPPED') {
        this.#listener.connectorStateChanged(name, 'STOPPED');
        return [];
      }
      await connector.start({ ...config });
      this.#listener.connectorStateChanged(name, targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING');
      return targetState === 'STARTED' ? await this.connectorTaskConfigs(name) : [];
    } catch (error) {
      this.#connectors.delete(name);
      this.#listener.connectorStateChanged(name, 'FAILED', error as Error);
      throw error;
    }
  }

  /** At most tasks.max configs, each with `task.class` added as Kafka's worker does. */
  async connectorTaskConfigs(name: string): Promise<Record<string, string>[]> {
    const running = this.#connectors.get(name);
    if (running === undefined) throw new Error(`Connector ${name} is not running on this worker`);
    const maxTasks = Number(running.config['tasks.max'] ?? '1');
    const configs = (await running.connector.taskConfigs(maxTasks)).slice(0, maxTasks);
    const taskClass = running.connector.taskClass().name;
    return configs.map((c) => ({ ...c, 'task.class': taskClass }));
  }

  isRunning(name: string): boolean {
    return this.#connectors.has(name);
  }

  async startTask(id: ConnectorTaskId, connectorConfig: Record<string, string>, taskConfig: Record<string, string>, targetState: TargetState): Promise<void> {
    const key = taskKey(id);
    if (this.#tasks.has(key)) throw new Error(`Task ${key} is already running on this worker`);
    try {
      [connectorConfig, taskConfig] = await Promise.all([this.#resolved(connectorConfig), this.#resolved(taskConfig)]);
      const built = await buildTask(
        { plugins: this.#o.plugins, clients: this.#o.clients, workerProps: this.#o.workerProps, settings: this.#settings, offsetStore: this.#o.offsetStore, logger: this.#log },
        id, connectorConfig, taskConfig,
        (state, error) => this.#listener.taskStateChanged(id, state, error),
        this.#settings.topicTrackingEnable ? (topic) => this.#listener.topicUsed?.(id, topic) : undefined,
      );
      this.#tasks.set(key, built);
      built.runner.start(targetState === 'PAUSED');
    } catch (error) {
      this.#listener.taskStateChanged(id, 'FAILED', error as Error);
      throw error;
    }
  }

  /** Stops within task.shutdown.graceful.timeout.ms; a task still busy after that is abandoned. */
  async stopTask(id: ConnectorTaskId): Promise<void> {
    const key = taskKey(id);
    const built = this.#tasks.get(key);
    if (built === undefined) return;
    this.#tasks.delete(key);
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      built.runner.stop().then(() => true),
      new Promise<boolean>((r) => { timer = setTimeout(() => r(false), this.#settings.taskShutdownGracefulTimeoutMs); }),
    ]).finally(() => clearTimeout(timer));
    if (!graceful) this.#log.error({ task: key }, `Graceful stop of task ${key} failed.`);
    await built.close().catch((error: unknown) => this.#log.warn({ err: error, task: key }, 'closing task clients failed'));
  }

  async stopConnector(name: string): Promise<void> {
    const running = this.#connectors.get(name);
    if (running === undefined) return;
    this.#connectors.delete(name);
    try {
      await running.connector.stop();
    } catch (error) {
      this.#log.warn({ err: error, connector: name }, 'connector stop() failed');
    }
    this.#listener.connectorStateChanged(name, 'UNASSIGNED');
  }

  async setTargetState(name: string, state: TargetState): Promise<void> {
    for (const [key, built] of this.#tasks) {
      if (!key.startsWith(`${name}-`) || !/^\d+$/.test(key.slice(name.length + 1))) continue;
      if (state === 'PAUSED') built.runner.pause();
      else if (state === 'STARTED') built.runner.resume();
    }
    if (this.#connectors.has(name) && state !== 'STOPPED') this.#listener.connectorStateChanged(name, state === 'PAUSED' ? 'PAUSED' : 'RUNNING');
  }

  async connectorOffsets(name: string, config: Record<string, string>): Promise<ConnectorOffsets> {
    this.#requireSource(config);
    const entries = await this.#o.offsetStore.offsets(name);
    return { offsets: entries.map((e) => ({ partition: e.partition, offset: e.offset })) };
  }

  async modifyConnectorOffsets(name: string, config: Record<string, string>, offsets: ConnectorOffset[] | null): Promise<Message> {
    this.#requireSource(config);
    const entries = offsets ?? (await this.#o.offsetStore.offsets(name)).map((e) => ({ partition: e.partition, offset: null }));
    await this.#o.offsetStore.set(name, entries);
    return { message: offsets === null
      ? 'The offsets for this connector have been reset successfully'
      : 'The offsets for this connector have been altered successfully' };
  }

  async kafkaClusterId(): Promise<string | null> {
    const admin = this.#o.clients.admin('cluster-id');
    try {
      return await admin.clusterId();
    } catch {
      return null;
    } finally {
      await admin.close();
    }
  }

  async stop(): Promise<void> {
    const ids = [...this.#tasks.keys()];
    await Promise.all(ids.map((key) => {
      const dash = key.lastIndexOf('-');
      return this.stopTask({ connector: key.slice(0, dash), task: Number(key.slice(dash + 1)) });
    }));
    for (const name of [...this.#connectors.keys()]) await this.stopConnector(name);
  }

  #requireSource(config: Record<string, string>): void {
    if (this.#o.plugins.connectorType(config['connector.class'] ?? '') !== 'source') {
      throw new Error('Sink connector offsets are kept by the consumer group; this worker reads and alters source offsets only');
    }
  }
}
