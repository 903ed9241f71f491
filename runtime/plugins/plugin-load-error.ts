import { ConnectException } from '../api/errors.ts';

/** Why a plugin package was not loaded. Stable codes: logs, tests and docs refer to them. */
export type PluginLoadErrorCode =
  | 'PLUGIN_PATH_UNREADABLE'
  | 'MISSING_PACKAGE_JSON'
  | 'MISSING_MANIFEST'
  | 'INVALID_MANIFEST'
  | 'RUNTIME_MISMATCH'
  | 'IMPORT_FAILED'
  | 'MISSING_EXPORT'
  | 'INVALID_EXPORT'
  | 'DUPLICATE_CLASS';

/**
 * A plugin package that could not be loaded. The worker lists these (and logs them) and carries on
 * with every other plugin: one broken package must never stop a worker.
 */
export class PluginLoadError extends ConnectException {
  readonly code: PluginLoadErrorCode;
  /** The package directory (or plugin.path entry) concerned. */
  readonly location: string;

  constructor(code: PluginLoadErrorCode, location: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.location = location;
  }
}
