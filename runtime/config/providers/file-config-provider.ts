import { readFile } from 'node:fs/promises';
import type { ConfigData, ConfigProvider } from '../../api/config-provider.ts';
import { ConfigException } from '../config-exception.ts';
import { parseProperties } from '../properties.ts';
import { AllowedPaths } from './allowed-paths.ts';

/** `${file:/etc/secrets.properties:db.password}`: a key of a properties file. */
export class FileConfigProvider implements ConfigProvider {
  #allowed = new AllowedPaths(undefined);

  configure(configs: Record<string, string>): void {
    this.#allowed = AllowedPaths.parseParam(configs);
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (path === '') return { data: {} };
    const allowed = this.#allowed.check(path);
    if (allowed === null) throw new ConfigException(`${path} is not allowed to be accessed`);
    let text: string;
    try {
      text = await readFile(allowed, 'utf8');
    } catch (e) {
      throw new ConfigException(`Could not read properties from file ${path}: ${(e as Error).message}`);
    }
    const all = parseProperties(text);
    if (keys === undefined) return { data: all };
    const data: Record<string, string> = {};
    for (const key of keys) if (Object.hasOwn(all, key)) data[key] = all[key];
    return { data };
  }

  close(): void {}
}
