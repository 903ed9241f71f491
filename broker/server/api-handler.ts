// The shape of one Kafka API served by the broker. The set of registered handlers is the single
// source of truth for what the broker supports: ApiVersions is derived from it, so the broker can
// never advertise an API it does not implement.
import type { Reader } from '../protocol/reader.ts';
import type { Writer } from '../protocol/writer.ts';
import type { BrokerContext } from './broker-context.ts';

export type RequestContext = {
  broker: BrokerContext;
  apiVersion: number;
  clientId: string | null;
  correlationId: number;
  /** The client's address as Kafka reports it (DescribeGroups): "/" + IP. */
  clientHost: string;
};

export type ApiHandler<Req = any, Res = any> = {
  apiKey: number;
  /** The versions served: all of the spec's valid versions unless narrowed here. */
  minVersion: number;
  maxVersion: number;
  /**
   * The minimum version ApiVersions advertises, when it must differ from the one served (only
   * Produce: see produce.ts). Requests below minVersion are still refused.
   */
  advertisedMinVersion?: number;
  decode(r: Reader, version: number): Req;
  encode(w: Writer, version: number, response: Res): void;
  /** Returns null when Kafka sends no response at all (a produce with acks=0). */
  handle(request: Req, ctx: RequestContext): Res | null | Promise<Res | null>;
};

export function defineHandler<Req, Res>(handler: ApiHandler<Req, Res>): ApiHandler<Req, Res> {
  return handler;
}
