/** Values a ConfigProvider returns for one path; ttl (ms) says when to look them up again. */
export interface ConfigData {
  data: Record<string, string>;
  ttl?: number;
}

/**
 * Resolves `${name:path:key}` references in configs (secrets stay out of the config topic).
 * Configured from `config.providers.<name>.param.*`.
 */
export interface ConfigProvider {
  configure(configs: Record<string, string>): void;
  /** Every key at `path`, or only `keys` when given (missing keys are simply absent). */
  get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData>;
  close(): void | Promise<void>;
}
