// One Produce request carrying record batches we encoded ourselves (record-batch-encoder.ts),
// sent over the client library's connection (so TLS, SASL and its socket handling still apply)
// and answered through the library's own response parser for the version in use, whose errors
// (ResponseError with Kafka's error table) the producer already knows how to judge.
//
// Produce Request (v3–v8) => transactional_id acks timeout_ms [name [index records]]
// Produce Request (v9+, flexible) => the same with compact strings, arrays and records, and tagged fields.
import {
  Writer, produceV3, produceV4, produceV5, produceV6, produceV7, produceV8, produceV9, produceV10, produceV11,
  type Connection, type ResponseParser,
} from '@platformatic/kafka';

/** A Produce answer: every version the library parses has this shape. */
export type ProduceResponse = produceV11.ProduceResponse;

/** One partition's batch. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly batch: Buffer;
}

const PRODUCE_API_KEY = 0;
const FIRST_FLEXIBLE_VERSION = 9;

const PARSERS: Readonly<Record<number, ResponseParser<ProduceResponse>>> = {
  3: produceV3.parseResponse, 4: produceV4.parseResponse, 5: produceV5.parseResponse, 6: produceV6.parseResponse,
  7: produceV7.parseResponse, 8: produceV8.parseResponse, 9: produceV9.parseResponse, 10: produceV10.parseResponse,
  11: produceV11.parseResponse,
};

/** The Produce versions this module can write (the ones the library can parse the answer of). */
export function isSupportedProduceVersion(version: number): boolean {
  return PARSERS[version] !== undefined;
}

/** Sends `batches` (grouped by topic, in order) to the partitions' leader; null when acks=0 (no answer). */
export function sendProduce(connection: Connection, version: number, acks: number, timeoutMs: number, batches: readonly PartitionBatch[]): Promise<ProduceResponse | null> {
  const flexible = version >= FIRST_FLEXIBLE_VERSION;
  return new Promise((resolve, reject) => {
    connection.send(PRODUCE_API_KEY, version, () => produceRequest(flexible, acks, timeoutMs, batches), PARSERS[version], flexible, flexible,
      (error: Error | null | undefined, response: ProduceResponse | boolean | undefined) => {
        if (error) reject(error);
        else resolve(acks === 0 ? null : response as ProduceResponse);
      });
  });
}

function produceRequest(flexible: boolean, acks: number, timeoutMs: number, batches: readonly PartitionBatch[]): Writer {
  const writer = Writer.create()
    .appendString(null, flexible) // transactional_id
    .appendInt16(acks)
    .appendInt32(timeoutMs)
    .appendArray(byTopic(batches), (w, partitions) => {
      w.appendString(partitions[0].topic, flexible).appendArray(partitions, (w, p) => {
        w.appendInt32(p.partition);
        if (flexible) w.appendUnsignedVarInt(p.batch.length + 1);
        else w.appendInt32(p.batch.length);
        w.append(p.batch);
      }, flexible, flexible);
    }, flexible, flexible);
  if (flexible) writer.appendTaggedFields();
  if (acks === 0) writer.context.noResponse = true;
  return writer;
}

/** Consecutive batches of the same topic, together. */
function byTopic(batches: readonly PartitionBatch[]): PartitionBatch[][] {
  const topics: PartitionBatch[][] = [];
  for (const batch of batches) {
    const last = topics[topics.length - 1];
    if (last !== undefined && last[0].topic === batch.topic) last.push(batch);
    else topics.push([batch]);
  }
  return topics;
}
