import type { ConfigData, ConfigProvider } from '../../api/config-provider.ts';
import { ConfigException } from '../config-exception.ts';

/** `${env:NAME}`: environment variables of the worker, optionally limited by `allowlist.pattern`. */
export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: NodeJS.ProcessEnv;
  #allow: RegExp = /.*/;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  configure(configs: Record<string, string>): void {
    const pattern = configs['allowlist.pattern'];
    if (pattern !== undefined) this.#allow = new RegExp(`^(?:${pattern})$`);
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (path !== '') throw new ConfigException(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
    const data: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.#env)) {
      if (value === undefined || !this.#allow.test(name)) continue;
      if (keys === undefined || keys.has(name)) data[name] = value;
    }
    return { data };
  }

  close(): void {}
}
