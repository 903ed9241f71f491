import type { ConfigProvider } from '../../api/config-provider.ts';
import { ConfigException } from '../config-exception.ts';
import { DirectoryConfigProvider } from './directory-config-provider.ts';
import { EnvVarConfigProvider } from './env-var-config-provider.ts';
import { FileConfigProvider } from './file-config-provider.ts';

/** `${provider:path:key}` or `${provider:key}`, as Kafka's ConfigTransformer matches them. */
const REFERENCE = /\$\{([^}]*?):(?:([^}]*?):)?([^}]*?)\}/g;

export const CONFIG_PROVIDERS_CONFIG = 'config.providers';

/** Provider class names a config may use: Kafka's Java class names and short aliases. */
const BUILT_IN_PROVIDERS: Record<string, () => ConfigProvider> = {
  'org.apache.kafka.common.config.provider.EnvVarConfigProvider': () => new EnvVarConfigProvider(),
  'org.apache.kafka.common.config.provider.FileConfigProvider': () => new FileConfigProvider(),
  'org.apache.kafka.common.config.provider.DirectoryConfigProvider': () => new DirectoryConfigProvider(),
  EnvVarConfigProvider: () => new EnvVarConfigProvider(),
  FileConfigProvider: () => new FileConfigProvider(),
  DirectoryConfigProvider: () => new DirectoryConfigProvider(),
};

export interface ResolvedConfig {
  data: Record<string, string>;
  /** Per config key, the smallest TTL (ms) of the providers its value used, if any. */
  ttls: Record<string, number>;
}

/**
 * Replaces `${provider:path:key}` references in config values with what the named providers
 * return. A reference to an unknown provider or a missing key is left as it is (Kafka's
 * behaviour), so the raw config topic never needs the secret itself.
 */
export class ConfigResolver {
  readonly #providers: ReadonlyMap<string, ConfigProvider>;

  constructor(providers: ReadonlyMap<string, ConfigProvider>) {
    this.#providers = providers;
  }

  /**
   * Providers configured as Kafka does from worker properties: `config.providers=file,env`,
   * `config.providers.file.class=…FileConfigProvider`, `config.providers.file.param.allowed.paths=…`.
   * `extraClasses` adds provider classes from plugins by name.
   */
  static fromWorkerConfig(
    props: Readonly<Record<string, string>>,
    extraClasses: Readonly<Record<string, () => ConfigProvider>> = {},
  ): ConfigResolver {
    const names = (props[CONFIG_PROVIDERS_CONFIG] ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
    const providers = new Map<string, ConfigProvider>();
    for (const name of names) {
      const className = props[`${CONFIG_PROVIDERS_CONFIG}.${name}.class`];
      if (className === undefined) {
        throw new ConfigException(`${CONFIG_PROVIDERS_CONFIG}.${name}.class`, undefined, `No class given for config provider ${name}`);
      }
      const create = extraClasses[className] ?? BUILT_IN_PROVIDERS[className];
      if (create === undefined) {
        throw new ConfigException(`${CONFIG_PROVIDERS_CONFIG}.${name}.class`, className, 'Unknown config provider class');
      }
      const paramPrefix = `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(props)) if (k.startsWith(paramPrefix)) params[k.slice(paramPrefix.length)] = v;
      const provider = create();
      provider.configure(params);
      providers.set(name, provider);
    }
    return new ConfigResolver(providers);
  }

  async resolve(configs: Readonly<Record<string, string>>): Promise<ResolvedConfig> {
    // One provider call per (provider, path), asking for every key referenced under it.
    const wanted = new Map<string, Map<string, Set<string>>>();
    for (const value of Object.values(configs)) {
      for (const ref of references(value)) {
        if (!this.#providers.has(ref.provider)) continue;
        const byPath = wanted.get(ref.provider) ?? new Map<string, Set<string>>();
        wanted.set(ref.provider, byPath);
        const keys = byPath.get(ref.path) ?? new Set<string>();
        byPath.set(ref.path, keys);
        keys.add(ref.key);
      }
    }
    const found = new Map<string, { data: Record<string, string>; ttl?: number }>();
    for (const [providerName, byPath] of wanted) {
      for (const [path, keys] of byPath) {
        found.set(`${providerName}\u0000${path}`, await this.#providers.get(providerName)!.get(path, keys));
      }
    }
    const data: Record<string, string> = {};
    const ttls: Record<string, number> = {};
    for (const [configKey, value] of Object.entries(configs)) {
      data[configKey] = value.replace(REFERENCE, (whole, provider: string, path: string | undefined, key: string) => {
        const result = found.get(`${provider}\u0000${path ?? ''}`);
        if (result === undefined || !Object.hasOwn(result.data, key)) return whole;
        if (result.ttl !== undefined) ttls[configKey] = Math.min(ttls[configKey] ?? Infinity, result.ttl);
        return result.data[key];
      });
    }
    return { data, ttls };
  }

  async close(): Promise<void> {
    for (const provider of this.#providers.values()) await provider.close();
  }
}

function* references(value: string): Generator<{ provider: string; path: string; key: string }> {
  for (const m of value.matchAll(REFERENCE)) yield { provider: m[1], path: m[2] ?? '', key: m[3] };
}
