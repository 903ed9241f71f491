// Emits api-keys.ts: the table of every request API (key, name, version range, first flexible
// version) and the header-version rules derived from it.
import { apiName, type Message } from './spec-model.ts';

export function emitApiKeys(messages: Message[], header: string): string {
  const requests = messages.filter((m) => m.kind === 'request').sort((a, b) => a.apiKey! - b.apiKey!);
  const rows = requests.map((m) => {
    const flex = m.flexible.lo > m.flexible.hi ? 'null' : String(m.flexible.lo);
    return `  { apiKey: ${m.apiKey}, name: '${apiName(m)}', minVersion: ${m.valid.lo}, maxVersion: ${m.valid.hi}, firstFlexibleVersion: ${flex}, latestVersionUnstable: ${m.latestVersionUnstable} },\n`;
  });
  return `${header}
// Every request API of the protocol, from the request specs.

export interface ApiInfo {
  readonly apiKey: number;
  /** The API name, e.g. 'Produce' for ProduceRequest/ProduceResponse. */
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First version using compact encodings, tagged fields and header v2/v1; null if none. */
  readonly firstFlexibleVersion: number | null;
  /** The newest version is still in development upstream; brokers do not advertise it by default. */
  readonly latestVersionUnstable: boolean;
}

export const API_INFOS: readonly ApiInfo[] = Object.freeze([
${rows.join('')}].map((api) => Object.freeze(api)));

/** API name → api key, e.g. \`ApiKeys.Produce === 0\`. */
export const ApiKeys = Object.freeze({
${requests.map((m) => `  ${apiName(m)}: ${m.apiKey},\n`).join('')}} as const);

const byKey = new Map(API_INFOS.map((api) => [api.apiKey, api]));

export function apiInfo(apiKey: number): ApiInfo | undefined {
  return byKey.get(apiKey);
}

export function isSupportedVersion(apiKey: number, version: number): boolean {
  const api = byKey.get(apiKey);
  return api !== undefined && version >= api.minVersion && version <= api.maxVersion;
}

// Flexibility is open-ended ("N+"), so versions newer than the table still get the header
// Kafka would use for them; unknown api keys get the non-flexible header, enough to read the
// correlation id and client id before the connection is answered or closed.
function isFlexible(apiKey: number, version: number): boolean {
  const first = byKey.get(apiKey)?.firstFlexibleVersion;
  return first !== undefined && first !== null && version >= first;
}

/** Request header version for a request: 2 when flexible, else 1 (ControlledShutdown v0: 0). */
export function requestHeaderVersion(apiKey: number, version: number): 0 | 1 | 2 {
  if (apiKey === ApiKeys.ControlledShutdown && version === 0) return 0;
  return isFlexible(apiKey, version) ? 2 : 1;
}

/**
 * Response header version: 1 when flexible, else 0. ApiVersions always answers with v0 so a
 * client can read the answer before it knows which versions the broker supports.
 */
export function responseHeaderVersion(apiKey: number, version: number): 0 | 1 {
  if (apiKey === ApiKeys.ApiVersions) return 0;
  return isFlexible(apiKey, version) ? 1 : 0;
}
`;
}
