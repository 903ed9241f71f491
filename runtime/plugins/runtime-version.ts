import { readFileSync } from 'node:fs';

/**
 * Tributary's own version (package.json): what built-in plugins report, as Kafka's built-ins
 * report the Kafka version, and what plugin manifests' `runtime` ranges are checked against.
 */
export const RUNTIME_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
