// The seam for distributed mode: a write a follower cannot perform fails with NotLeaderError and
// is forwarded to the leader's URL, once, as Kafka's HerderRequestHandler.completeOrForwardRequest
// does. The HTTP client that performs the forwarding is given by the distributed worker.
import type { Request } from 'express';
import { NotLeaderError } from '../herder/herder-errors.ts';
import { SIGNATURE_ALGORITHM_HEADER, SIGNATURE_HEADER } from './internal-signature.ts';
import { RestError } from './rest-errors.ts';

export interface ForwardedRequest {
  /** Absolute URL: leader base URL + path + `forward=` and the original query parameters. */
  url: string;
  method: string;
  body: unknown;
  headers: Record<string, string>;
}

export interface ForwardedResponse {
  status: number;
  body: unknown;
}

export type RequestForwarder = (request: ForwardedRequest) => Promise<ForwardedResponse>;

export interface HerderCall<T> {
  /** Path relative to the leader's base URL, e.g. `/connectors/x/config`. */
  path: string;
  body?: unknown;
  query?: Record<string, string>;
  run(): Promise<T>;
}

export type Outcome<T> = { local: true; value: T } | { local: false; response: ForwardedResponse };

/**
 * Runs the herder call; on NotLeaderError forwards it when allowed: a user request (no `forward`
 * parameter) may be forwarded and forwarded again, a forwarded one (`forward=true`) once more,
 * `forward=false` never. Without a forwarder (standalone) the error reaches the error mapper (409).
 */
export async function completeOrForward<T>(req: Request, forwarder: RequestForwarder | undefined, call: HerderCall<T>): Promise<Outcome<T>> {
  try {
    return { local: true, value: await call.run() };
  } catch (e) {
    const forward = typeof req.query.forward === 'string' ? req.query.forward.toLowerCase() === 'true' : null;
    if (!(e instanceof NotLeaderError) || e.forwardUrl === null || forwarder === undefined || forward === false) throw e;
    const params = new URLSearchParams({ forward: String(forward === null), ...(call.query ?? {}) });
    const url = `${e.forwardUrl.replace(/\/$/, '')}${call.path}?${params.toString()}`;
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', SIGNATURE_HEADER.toLowerCase(), SIGNATURE_ALGORITHM_HEADER.toLowerCase()]) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      return { local: false, response: await forwarder({ url, method: req.method, body: call.body ?? null, headers }) };
    } catch (error) {
      // Kafka's answer when the leader cannot be reached (e.g. it died and the group has not noticed
      // yet): a 500 naming the cause, which a client retries until the new leader takes the write.
      throw new RestError(500, `IO Error trying to forward REST request: ${causeOf(error)}`);
    }
  }
}

/** fetch() rejects with "fetch failed"; the socket error (ECONNREFUSED, timeout…) is its cause. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
