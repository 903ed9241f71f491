import { resolve, sep } from 'node:path';
import { ConfigException } from '../config-exception.ts';

/**
 * Kafka's `allowed.paths` for the file and directory providers: when set, a path outside the
 * listed directories is refused (a connector config must not read arbitrary worker files).
 */
export class AllowedPaths {
  readonly #roots: string[] | undefined;

  constructor(configValue: string | undefined) {
    const roots = configValue?.split(',').map((p) => p.trim()).filter((p) => p !== '');
    this.#roots = roots === undefined || roots.length === 0 ? undefined : roots.map((p) => resolve(p));
  }

  /** The normalized path, or null when it is not allowed. */
  check(path: string): string | null {
    const normalized = resolve(path);
    if (this.#roots === undefined) return normalized;
    return this.#roots.some((root) => normalized === root || normalized.startsWith(root + sep)) ? normalized : null;
  }

  static parseParam(configs: Record<string, string>): AllowedPaths {
    const value = configs['allowed.paths'];
    if (value !== undefined && typeof value !== 'string') throw new ConfigException('allowed.paths', value, 'must be a list');
    return new AllowedPaths(value);
  }
}
