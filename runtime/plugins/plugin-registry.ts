import type { Logger } from 'pino';
import { ConnectException } from '../api/errors.ts';
import { SinkConnector, SourceConnector, type Connector } from '../api/connector.ts';
import type { ConfigProvider } from '../api/config-provider.ts';
import type { Converter, HeaderConverter } from '../api/converter.ts';
import type { Predicate, Transformation } from '../api/transformation.ts';
import { silentLogger } from '../../logging/logger.ts';
import { builtInPlugins } from './built-in-plugins.ts';
import {
  CLIENT_OVERRIDE_POLICY_DEFAULT, type ConnectorClientConfigOverridePolicy,
} from './client-override-policy.ts';
import { ambiguousAliases, computeAliases } from './plugin-aliases.ts';
import type { PluginLoadError } from './plugin-load-error.ts';
import { loadPluginPath } from './plugin-path-loader.ts';
import { BUILT_IN_LOCATION, pluginInfo, type PluginDescriptor, type PluginInfo, type PluginType } from './plugin-types.ts';
import { RUNTIME_VERSION } from './runtime-version.ts';
import { installSpiResolution } from './spi-resolution.ts';

export interface PluginRegistryOptions {
  /** The worker's `plugin.path`: directories (a list or a comma-separated string) holding plugin packages. */
  pluginPath?: readonly string[] | string;
  logger?: Logger;
  /** The version manifests' `runtime` ranges are checked against (tests only; default: ours). */
  runtimeVersion?: string;
}

/** The Java interface name Kafka's "Failed to find any class that implements …" messages use. */
const INTERFACE_NAME: Record<PluginType, string> = {
  source: 'Connector', sink: 'Connector', converter: 'Converter', header_converter: 'HeaderConverter',
  transformation: 'Transformation', predicate: 'Predicate', configprovider: 'ConfigProvider',
  connector_client_config_override_policy: 'ConnectorClientConfigOverridePolicy',
};

/**
 * Every plugin the worker can run, built-in and from plugin.path, by Kafka class name or alias.
 * Lookups are exact class names first, then aliases (simple name, name without its type suffix,
 * declared aliases) that name exactly one class.
 */
export class PluginRegistry {
  readonly #descriptors: readonly PluginDescriptor[];
  readonly #aliases: ReadonlyMap<string, string>;
  /** Plugin packages that failed to load; the worker reports them and runs everything else. */
  readonly loadErrors: readonly PluginLoadError[];

  constructor(descriptors: readonly PluginDescriptor[], loadErrors: readonly PluginLoadError[] = []) {
    this.#descriptors = Object.freeze([...descriptors]);
    this.#aliases = computeAliases(descriptors);
    this.loadErrors = Object.freeze([...loadErrors]);
  }

  /** Built-ins plus every loadable package in plugin.path. Never throws for a bad package. */
  static async load(options: PluginRegistryOptions = {}): Promise<PluginRegistry> {
    const logger = options.logger ?? silentLogger();
    const builtIns = builtInPlugins();
    const pluginPath = typeof options.pluginPath === 'string'
      ? options.pluginPath.split(',').map((p) => p.trim()).filter((p) => p !== '')
      : [...(options.pluginPath ?? [])];
    if (pluginPath.length > 0 && !installSpiResolution()) {
      logger.warn('This Node.js has no module.registerHooks: plugins must resolve "tributary" from their own node_modules');
    }
    const taken = new Map(builtIns.map((d) => [d.className, BUILT_IN_LOCATION]));
    const loaded = await loadPluginPath(pluginPath, { runtimeVersion: options.runtimeVersion ?? RUNTIME_VERSION, taken, logger });
    const registry = new PluginRegistry([...builtIns, ...loaded.descriptors], loaded.errors);
    for (const [alias, classes] of ambiguousAliases(registry.#descriptors)) {
      logger.debug({ alias, classes }, `Ignoring ambiguous alias '${alias}' since it refers to multiple distinct plugins`);
    }
    return registry;
  }

  /** Every descriptor, optionally of some types only, sorted by class name then type. */
  list(types?: readonly PluginType[]): PluginDescriptor[] {
    return this.#descriptors.filter((d) => types === undefined || types.includes(d.type))
      .sort((a, b) => a.className.localeCompare(b.className) || a.type.localeCompare(b.type));
  }

  /**
   * `GET /connector-plugins`: connectors only by default; with connectorsOnly=false also
   * transformations, predicates, converters and header converters (as Kafka lists them).
   */
  pluginInfos(connectorsOnly = true): PluginInfo[] {
    const types: PluginType[] = connectorsOnly ? ['source', 'sink']
      : ['source', 'sink', 'transformation', 'predicate', 'converter', 'header_converter'];
    return this.list(types).map(pluginInfo);
  }

  /** The alias → class name table (only unambiguous aliases). */
  aliases(): ReadonlyMap<string, string> {
    return this.#aliases;
  }

  /** The plugin a class name or alias names, among these types; undefined when none. */
  find(nameOrAlias: string, types: readonly PluginType[]): PluginDescriptor | undefined {
    const className = this.#descriptors.some((d) => d.className === nameOrAlias) ? nameOrAlias : this.#aliases.get(nameOrAlias);
    return className === undefined ? undefined : this.#descriptors.find((d) => d.className === className && types.includes(d.type));
  }

  /** As find, but throws Kafka's "Failed to find any class that implements …" ConnectException. */
  get(nameOrAlias: string, types: readonly PluginType[]): PluginDescriptor {
    const found = this.find(nameOrAlias, types);
    if (found !== undefined) return found;
    const available = this.list(types).map((d) => d.className);
    throw new ConnectException(`Failed to find any class that implements ${INTERFACE_NAME[types[0]]} and which name matches ` +
      `${nameOrAlias}, available ${types.join('/')} plugins are: ${[...new Set(available)].join(', ')}`);
  }

  /** The type of a connector class (`source` or `sink`), for REST and for choosing a task runner. */
  connectorType(nameOrAlias: string): 'source' | 'sink' {
    return this.get(nameOrAlias, ['source', 'sink']).type as 'source' | 'sink';
  }

  newConnector(nameOrAlias: string): Connector {
    const connector = this.get(nameOrAlias, ['source', 'sink']).create();
    if (!(connector instanceof SourceConnector) && !(connector instanceof SinkConnector)) {
      throw new ConnectException(`${nameOrAlias} did not create a SourceConnector or SinkConnector`);
    }
    return connector;
  }

  newConverter(nameOrAlias: string): Converter {
    return this.get(nameOrAlias, ['converter']).create() as Converter;
  }

  newHeaderConverter(nameOrAlias: string): HeaderConverter {
    return this.get(nameOrAlias, ['header_converter']).create() as HeaderConverter;
  }

  newTransformation(nameOrAlias: string): Transformation {
    return this.get(nameOrAlias, ['transformation']).create() as Transformation;
  }

  newPredicate(nameOrAlias: string): Predicate {
    return this.get(nameOrAlias, ['predicate']).create() as Predicate;
  }

  newConfigProvider(nameOrAlias: string): ConfigProvider {
    return this.get(nameOrAlias, ['configprovider']).create() as ConfigProvider;
  }

  /** The policy `connector.client.config.override.policy` names (default `All`, as Kafka since 3.0). */
  newClientConfigOverridePolicy(nameOrAlias: string = CLIENT_OVERRIDE_POLICY_DEFAULT): ConnectorClientConfigOverridePolicy {
    return this.get(nameOrAlias, ['connector_client_config_override_policy']).create() as ConnectorClientConfigOverridePolicy;
  }

  /**
   * Config provider factories by class name and alias, for `ConfigResolver.fromWorkerConfig`'s
   * extra classes: plugin providers become usable in `config.providers.<name>.class`.
   */
  configProviderFactories(): Record<string, () => ConfigProvider> {
    const out: Record<string, () => ConfigProvider> = {};
    for (const d of this.list(['configprovider'])) out[d.className] = () => d.create() as ConfigProvider;
    for (const [alias, className] of this.#aliases) if (out[className] !== undefined) out[alias] = out[className];
    return out;
  }
}
