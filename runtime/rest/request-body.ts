// Request bodies as Kafka Connect's Jackson reads them: JSON only (415 otherwise), a malformed
// body is a 500 carrying the parser's message (Kafka does not map parse errors to 400), and
// Map<String,String> values accept JSON scalars as their text.
import type { Request } from 'express';
import { RestError, UNSUPPORTED_MEDIA_TYPE } from './rest-errors.ts';

/** The parsed JSON body; undefined for an empty body. */
export function jsonBody(req: Request): unknown {
  const raw = req.body as Buffer | undefined;
  if (raw === undefined || !Buffer.isBuffer(raw) || raw.length === 0) return undefined;
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) throw UNSUPPORTED_MEDIA_TYPE;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new RestError(500, (e as Error).message);
  }
}

/** A JSON object of strings (Java's Map<String,String>); numbers and booleans become their text. */
export function stringMap(value: unknown, what: string): Record<string, string | null> {
  if (value === null || value === undefined) throw new RestError(500, `${what} must not be null`);
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new RestError(500, `Cannot deserialize value of type \`java.util.Map<java.lang.String,java.lang.String>\` from ${Array.isArray(value) ? 'Array' : typeof value} value`);
  }
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null) out[k] = null;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else throw new RestError(500, `Cannot deserialize value of type \`java.lang.String\` from ${Array.isArray(v) ? 'Array' : 'Object'} value (field "${k}")`);
  }
  return out;
}

/** Rejects fields a Kafka entity does not have (Jackson's FAIL_ON_UNKNOWN_PROPERTIES). */
export function rejectUnknownFields(body: Record<string, unknown>, entity: string, known: readonly string[]): void {
  for (const field of Object.keys(body)) {
    if (!known.includes(field)) {
      throw new RestError(500, `Unrecognized field "${field}" (class org.apache.kafka.connect.runtime.rest.entities.${entity}), not marked as ignorable (${known.length} known properties: ${known.map((k) => `"${k}"`).join(', ')})`);
    }
  }
}

/** A JSON object body (Jackson entity); an empty body is a 500 as Kafka's null entity is. */
export function objectBody(req: Request, entity: string): Record<string, unknown> {
  const body = jsonBody(req);
  if (body === undefined || body === null) throw new RestError(500, `${entity} body must not be empty`);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new RestError(500, `Cannot construct instance of \`org.apache.kafka.connect.runtime.rest.entities.${entity}\` from ${Array.isArray(body) ? 'Array' : typeof body} value`);
  }
  return body as Record<string, unknown>;
}

/** Kafka's Boolean query params: "true" (any case) is true, anything else false. */
export function booleanParam(value: unknown, defaultValue: boolean): boolean {
  if (typeof value !== 'string') return defaultValue;
  return value.toLowerCase() === 'true';
}
