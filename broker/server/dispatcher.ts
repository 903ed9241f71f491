// Turns a request frame into a response: header, version check, decode, handle, encode.
// Kafka's answers to requests it cannot serve: an ApiVersions request of a version we do not
// know gets a v0 response with UNSUPPORTED_VERSION (so the client can retry with one we do);
// any other unknown API, unknown version or unparsable request closes the connection.
import { ErrorCodes } from '../protocol/errors.ts';
import { encodeResponseHeader, parseRequestFrame } from '../protocol/headers.ts';
import { responseHeaderVersion } from '../protocol/generated/api-keys.ts';
import { Writer } from '../protocol/writer.ts';
import type { ApiHandler, RequestContext } from './api-handler.ts';
import type { BrokerContext } from './broker-context.ts';
import { CloseConnection, type FrameHandler } from './connection.ts';
import { allHandlers } from './handlers/index.ts';
import { apiVersionsResponse } from './handlers/api-versions.ts';

const API_VERSIONS = 18;

/** Handles the frames of one connection from `clientHost`. */
export type Dispatcher = (frame: Buffer, clientHost: string) => ReturnType<FrameHandler>;

export function createDispatcher(broker: BrokerContext): Dispatcher {
  const handlers = allHandlers();
  const byKey = new Map<number, ApiHandler>(handlers.map((h) => [h.apiKey, h]));

  return async (frame, clientHost) => {
    let parsed;
    try {
      parsed = parseRequestFrame(frame);
    } catch (err) {
      throw new CloseConnection(`malformed request header: ${(err as Error).message}`);
    }
    const { header, body } = parsed;
    const handler = byKey.get(header.apiKey);
    if (header.apiKey === API_VERSIONS && handler && header.apiVersion > handler.maxVersion) {
      const w = new Writer();
      encodeResponseHeader(w, 0, header.correlationId);
      handler.encode(w, 0, apiVersionsResponse(handlers, ErrorCodes.UNSUPPORTED_VERSION));
      return w.toChunks();
    }
    if (!handler) throw new CloseConnection(`unknown API key ${header.apiKey}`);
    if (header.apiVersion < handler.minVersion || header.apiVersion > handler.maxVersion) {
      throw new CloseConnection(`unsupported version ${header.apiVersion} of API key ${header.apiKey} ` +
        `(this broker serves ${handler.minVersion}-${handler.maxVersion})`);
    }
    let request;
    try {
      request = handler.decode(body, header.apiVersion);
    } catch (err) {
      throw new CloseConnection(`malformed request (API key ${header.apiKey} v${header.apiVersion}): ${(err as Error).message}`);
    }
    const ctx: RequestContext = { broker, apiVersion: header.apiVersion, clientId: header.clientId, correlationId: header.correlationId, clientHost };
    const response = await handler.handle(request, ctx);
    if (response === null) return null;
    const w = new Writer();
    encodeResponseHeader(w, responseHeaderVersion(header.apiKey, header.apiVersion), header.correlationId);
    handler.encode(w, header.apiVersion, response);
    return w.toChunks();
  };
}
