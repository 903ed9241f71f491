import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigData, ConfigProvider } from '../../api/config-provider.ts';
import { ConfigException } from '../config-exception.ts';
import { AllowedPaths } from './allowed-paths.ts';

/**
 * `${directory:/run/secrets:db-password}`: each regular file of the directory is a key whose value
 * is the file's content, unmodified (Kubernetes/Docker secret mounts look like this).
 */
export class DirectoryConfigProvider implements ConfigProvider {
  #allowed = new AllowedPaths(undefined);

  configure(configs: Record<string, string>): void {
    this.#allowed = AllowedPaths.parseParam(configs);
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (path === '') return { data: {} };
    const dir = this.#allowed.check(path);
    if (dir === null) throw new ConfigException(`${path} is not allowed to be accessed`);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw new ConfigException(`Could not list directory ${path}: ${(e as Error).message}`);
    }
    const data: Record<string, string> = {};
    for (const entry of entries) {
      // Regular files only: no subdirectories and no symlinks escaping the directory.
      if (!entry.isFile() || (keys !== undefined && !keys.has(entry.name))) continue;
      data[entry.name] = await readFile(join(dir, entry.name), 'utf8');
    }
    return { data };
  }

  close(): void {}
}
