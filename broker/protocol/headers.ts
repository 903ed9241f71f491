// Request and response headers, and the split of a request frame into header and body.
// Request header v0: api_key, api_version, correlation_id; v1 adds client_id (a nullable string
// with an int16 length, never compact — even in v2); v2 adds a tagged-field section.
// Response header v0: correlation_id; v1 adds a tagged-field section.
import { apiInfo, requestHeaderVersion, type ApiInfo } from './generated/api-keys.ts';
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

export function decodeRequestHeader(r: Reader, headerVersion: 0 | 1 | 2): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = headerVersion >= 1 ? r.nullableString(false) : null;
  if (headerVersion === 2) r.taggedFields();
  return { apiKey, apiVersion, correlationId, clientId, headerVersion };
}

export function encodeRequestHeader(w: Writer, header: RequestHeader): void {
  w.int16(header.apiKey);
  w.int16(header.apiVersion);
  w.int32(header.correlationId);
  if (header.headerVersion >= 1) w.nullableString(false, header.clientId);
  if (header.headerVersion === 2) w.uvarint(0);
}

export function encodeResponseHeader(w: Writer, headerVersion: 0 | 1, correlationId: number): void {
  w.int32(correlationId);
  if (headerVersion === 1) w.uvarint(0);
}

export function decodeResponseHeader(r: Reader, headerVersion: 0 | 1): { correlationId: number } {
  const correlationId = r.int32();
  if (headerVersion === 1) r.taggedFields();
  return { correlationId };
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
  const header = decodeRequestHeader(body, requestHeaderVersion(apiKey, apiVersion));
  const api = apiInfo(apiKey);
  const supported = api !== undefined && apiVersion >= api.minVersion && apiVersion <= api.maxVersion;
  return { header, body, api, supported };
}
