// The part of the Herder that answers alike in standalone and distributed mode (what Kafka keeps in
// AbstractHerder): plugin listing and config definitions, connector config validation, this
// worker's logger levels, server info, and the entity and rule helpers both modes apply to their
// own connector state. Each mode extends it once and adds only where its state lives and who may
// write it; nothing here reads or writes connector configs.
import { RUNTIME_VERSION } from '../plugins/runtime-version.ts';
import { invalidConfigMessage } from './config-infos.ts';
import type { ConnectorConfigValidator } from './connector-validation.ts';
import type {
  ConfigInfos, ConfigKeyInfo, ConnectorInfo, ConnectorType, LoggerLevel, PluginInfo, ServerInfo, TargetState, TaskInfo,
} from './herder-entities.ts';
import { BadRequestError } from './herder-errors.ts';
import type { LoggerRegistry } from './logger-levels.ts';
import { CONNECTOR_TYPES, type PluginCatalog } from './plugin-catalog.ts';
import { listPlugins, pluginConfigKeys } from './plugin-listing.ts';
import type { ConnectorWorker } from './worker-facade.ts';

export interface ModeIndependentHerderOptions {
  worker: ConnectorWorker;
  catalog: PluginCatalog;
  validator: ConnectorConfigValidator;
  loggers: LoggerRegistry;
  /** Shown by GET / as `commit`. */
  commit?: string;
}

export abstract class ModeIndependentHerder {
  readonly #o: ModeIndependentHerderOptions;
  #clusterId: string | null = null;
  #started = false;

  constructor(options: ModeIndependentHerderOptions) {
    this.#o = options;
  }

  /** The last step of a mode's start(): learns the Kafka cluster id GET / shows; from then on the worker counts as started. */
  protected async finishStart(): Promise<void> {
    this.#clusterId = await this.#o.worker.kafkaClusterId();
    this.#started = true;
  }

  protected get started(): boolean {
    return this.#started;
  }

  validateConnectorConfig(config: Record<string, string>): Promise<ConfigInfos> {
    return this.#o.validator.validate(config);
  }

  /** What a create or replace checks first: a config with errors is a BadRequestError listing them. */
  protected async requireValidConfig(config: Record<string, string>): Promise<void> {
    const infos = await this.#o.validator.validate(config);
    if (infos.error_count > 0) throw new BadRequestError(invalidConfigMessage(infos));
  }

  plugins(connectorsOnly: boolean): PluginInfo[] {
    return listPlugins(this.#o.catalog, connectorsOnly);
  }

  async connectorPluginConfig(pluginName: string): Promise<ConfigKeyInfo[]> {
    return pluginConfigKeys(this.#o.catalog, pluginName);
  }

  /** `type` in connector info and status: the connector class's plugin type, 'unknown' when the catalog has no such connector. */
  protected connectorType(config: Record<string, string> | undefined): ConnectorType {
    const className = config?.['connector.class'];
    const plugin = className === undefined ? undefined : this.#o.catalog.find(className, CONNECTOR_TYPES);
    return plugin === undefined ? 'unknown' : plugin.type as ConnectorType;
  }

  protected buildConnectorInfo(name: string, config: Record<string, string>, taskConfigs: readonly Record<string, string>[]): ConnectorInfo {
    return { name, config: { ...config }, tasks: taskConfigs.map((_, task) => ({ connector: name, task })), type: this.connectorType(config) };
  }

  allLoggerLevels(): Record<string, LoggerLevel> {
    return this.#o.loggers.allLevels();
  }

  loggerLevel(name: string): LoggerLevel | null {
    return this.#o.loggers.level(name);
  }

  setWorkerLoggerLevel(namespace: string, level: string): string[] {
    return this.#o.loggers.setLevel(namespace, level);
  }

  serverInfo(): ServerInfo {
    return { version: RUNTIME_VERSION, commit: this.#o.commit ?? 'unknown', kafka_cluster_id: this.#clusterId };
  }
}

/** Deprecated GET …/tasks-config: task id `<connector>-<n>` → config. */
export function taskConfigsById(name: string, taskConfigs: readonly Record<string, string>[]): Record<string, Record<string, string>> {
  return Object.fromEntries(taskConfigs.map((config, task) => [`${name}-${task}`, { ...config }]));
}

/** GET …/tasks. */
export function taskInfos(name: string, taskConfigs: readonly Record<string, string>[]): TaskInfo[] {
  return taskConfigs.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
}

/** PATCH …/config: `patch` merged into `current`, a null value removing the key. */
export function patchedConfig(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const patched: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete patched[k];
    else patched[k] = v;
  }
  return patched;
}

/** Offsets change only while nothing can commit new ones: the connector STOPPED and its task set empty (both of Kafka's herders check this). */
export function requireStoppedForOffsets(name: string, targetState: TargetState | undefined, taskCount: number): void {
  if (targetState !== 'STOPPED' || taskCount !== 0) {
    throw new BadRequestError(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`);
  }
}
