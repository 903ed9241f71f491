// Run-time log levels for /admin/loggers (Kafka's Loggers over log4j, here over pino). Components
// take named loggers from the registry; a level set on a namespace applies to every logger whose
// name starts with it, as log4j's does, and is remembered with the time it was set.
import type { Logger } from 'pino';

export const ROOT_LOGGER = 'root';

/** log4j level names (what the API accepts and reports) → pino levels. */
const LOG4J_TO_PINO: Readonly<Record<string, string>> = {
  OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace', ALL: 'trace',
};
const PINO_TO_LOG4J: Readonly<Record<string, string>> = {
  silent: 'OFF', fatal: 'FATAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE',
};

/** The log4j level name for `level` (any case), or null if it is none (Kafka's Level.toLevel(…, null)). */
export function log4jLevel(level: string): string | null {
  const upper = level.toUpperCase();
  return Object.hasOwn(LOG4J_TO_PINO, upper) ? upper : null;
}

interface Entry {
  logger: Logger;
  /** Explicitly set level (log4j name); undefined: inherits root. */
  explicit?: string;
}

export class LoggerRegistry {
  readonly #root: Logger;
  #rootLevel: string;
  readonly #entries = new Map<string, Entry>();
  readonly #lastModified = new Map<string, number>();
  readonly #now: () => number;

  constructor(root: Logger, now: () => number = Date.now) {
    this.#root = root;
    this.#rootLevel = PINO_TO_LOG4J[root.level] ?? 'INFO';
    this.#now = now;
  }

  /** The logger named `name` (created on first use, inheriting the root level). */
  logger(name: string): Logger {
    return this.#entry(name).logger;
  }

  /** Loggers with an explicitly set level, and root; sorted by name. */
  allLevels(): Record<string, { level: string; last_modified: number | null }> {
    const out: Record<string, { level: string; last_modified: number | null }> = {};
    const names = [...this.#entries.keys()].filter((n) => this.#entries.get(n)!.explicit !== undefined);
    for (const name of [...names, ROOT_LOGGER].sort()) out[name] = this.level(name)!;
    return out;
  }

  /** The level of an existing logger (effective when not set explicitly); null when there is none. */
  level(name: string): { level: string; last_modified: number | null } | null {
    let level: string;
    if (name.toLowerCase() === ROOT_LOGGER) level = this.#rootLevel;
    else {
      const entry = this.#entries.get(name);
      if (entry === undefined) return null;
      level = entry.explicit ?? this.#rootLevel;
    }
    return { level, last_modified: this.#lastModified.get(name.toLowerCase() === ROOT_LOGGER ? ROOT_LOGGER : name) ?? null };
  }

  /**
   * Sets `namespace` and every logger whose name starts with it (root: all of them) to `level`;
   * returns the affected names, sorted. An unknown namespace becomes a logger of its own.
   */
  setLevel(namespace: string, level: string): string[] {
    const log4j = log4jLevel(level);
    if (log4j === null) return [];
    const affected: string[] = [];
    if (namespace.toLowerCase() === ROOT_LOGGER) {
      for (const name of this.#entries.keys()) this.#set(name, log4j, affected);
      if (this.#rootLevel !== log4j) {
        this.#rootLevel = log4j;
        this.#root.level = LOG4J_TO_PINO[log4j];
        this.#lastModified.set(ROOT_LOGGER, this.#now());
      }
      affected.push(ROOT_LOGGER);
    } else {
      const names = [...this.#entries.keys()].filter((n) => n.startsWith(namespace));
      if (!names.includes(namespace)) names.push(namespace);
      for (const name of names) this.#set(name, log4j, affected);
    }
    return affected.sort();
  }

  #set(name: string, log4j: string, affected: string[]): void {
    const entry = this.#entry(name);
    affected.push(name);
    if ((entry.explicit ?? this.#rootLevel) === log4j) return; // unchanged: Kafka keeps last_modified as it was
    entry.explicit = log4j;
    entry.logger.level = LOG4J_TO_PINO[log4j];
    this.#lastModified.set(name, this.#now());
  }

  #entry(name: string): Entry {
    let entry = this.#entries.get(name);
    if (entry === undefined) {
      entry = { logger: this.#root.child({ logger: name }) };
      this.#entries.set(name, entry);
    }
    return entry;
  }
}
