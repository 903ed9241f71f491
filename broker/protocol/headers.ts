// Request and response headers, and the split of a request frame into header and body.
// Request header v0: api_key, api_version, correlation_id; v1 adds client_id (a nullable string
// with an int16 length, never compact — even in v2); v2 adds a tagged-field section.
// Response header v0: correlation_id; v1 adds a tagged-field section.
import { apiInfo, requestHeaderVersion, type ApiInfo } from './generated/api-keys.ts';
import { decodeRequestHeader as decodeGeneratedRequestHeader } from './generated/request-header.ts';
import { encodeResponseHeader as encodeGeneratedResponseHeader } from './generated/response-header.ts';
import { Reader } from './reader.ts';
import type { Writer } from './writer.ts';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  /** Null in header v0 and when the client sends none. */
  clientId: string | null;
  /** The header version the frame was read with (0, 1 or 2). */
  headerVersion: 0 | 1 | 2;
}

export interface RequestFrame {
  header: RequestHeader;
  /** Positioned at the first byte of the request body. */
  body: Reader;
  /** The API of the header's api key; undefined when this protocol does not know the key. */
  api: ApiInfo | undefined;
  /** Whether the api key is known and its version is in the protocol's valid range. */
  supported: boolean;
}

/** Writes a response header (v0: correlation id; v1 adds a tagged-field section). */
export function encodeResponseHeader(w: Writer, headerVersion: 0 | 1, correlationId: number): void {
  encodeGeneratedResponseHeader(w, headerVersion, { correlationId });
}

/**
 * Splits a request frame (without its size prefix) into header and body. The header version
 * follows from the api key and version, read first. An unknown key or version still yields the
 * header (with `supported: false`), so the server can answer or close the connection the way
 * Kafka does; bytes that cannot even hold a header throw ProtocolDecodeError.
 */
export function parseRequestFrame(frame: Buffer): RequestFrame {
  const peek = new Reader(frame);
  const apiKey = peek.int16();
  const apiVersion = peek.int16();
  const body = new Reader(frame);
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  const decoded = decodeGeneratedRequestHeader(body, headerVersion);
  const header: RequestHeader = { apiKey, apiVersion, correlationId: decoded.correlationId, clientId: headerVersion === 0 ? null : decoded.clientId, headerVersion };
  const api = apiInfo(apiKey);
  const supported = api !== undefined && apiVersion >= api.minVersion && apiVersion <= api.maxVersion;
  return { header, body, api, supported };
}
