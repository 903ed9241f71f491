// The versions a handler serves: the spec's range, minus a still-unstable newest version (Kafka
// does not advertise those either), optionally narrowed by the handler.
import { API_INFOS } from '../protocol/generated/api-keys.ts';

export function apiRange(name: string, narrow: { minVersion?: number; maxVersion?: number } = {}) {
  const info = API_INFOS.find((i) => i.name === name);
  if (!info) throw new Error(`No such Kafka API: ${name}`);
  const stableMax = info.latestVersionUnstable ? info.maxVersion - 1 : info.maxVersion;
  return {
    apiKey: info.apiKey,
    minVersion: Math.max(info.minVersion, narrow.minVersion ?? info.minVersion),
    maxVersion: Math.min(stableMax, narrow.maxVersion ?? stableMax),
  };
}
