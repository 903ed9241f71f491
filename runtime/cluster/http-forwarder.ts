// HTTP between workers: the REST layer's RequestForwarder (a follower relays a write to the
// leader and answers with the leader's status and body), and the internal calls the cluster makes
// itself (task configs to the leader, restarts to the worker that runs the connector or task).
import type { ForwardedRequest, ForwardedResponse, RequestForwarder } from '../rest/forwarding.ts';

/** Kafka's rest.request.timeout (90 s) is for a user; between workers a shorter bound keeps the herder moving. */
const INTERNAL_TIMEOUT_MS = 30_000;

export const httpForwarder: RequestForwarder = async (request: ForwardedRequest): Promise<ForwardedResponse> => {
  const hasBody = request.body !== null && request.body !== undefined && !['GET', 'HEAD', 'DELETE'].includes(request.method);
  const response = await fetch(request.url, {
    method: request.method,
    headers: { ...request.headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? JSON.stringify(request.body) : undefined,
    signal: AbortSignal.timeout(INTERNAL_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
};

/** A worker's base URL from the worker_id of a status entry (`host:port`). */
export function workerUrlOf(workerId: string): string {
  return /^https?:\/\//.test(workerId) ? workerId : `http://${workerId}/`;
}

/** Joins a base URL and a path, with query parameters. */
export function internalUrl(base: string, path: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query).toString();
  return `${base.replace(/\/$/, '')}${path}${params === '' ? '' : `?${params}`}`;
}
