// Produce: appends each partition's record batch to its log.
// Invariant: offsets are assigned in request order because every append is started synchronously,
// before the first await; acks=-1 is answered only after the batch is fsync'd (group commit).
import { decodeProduceRequest, encodeProduceResponse, type ProduceResponse } from '../../protocol/generated/produce.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { KafkaError } from '../../kafka-error.ts';
import { ATTRIBUTES_OFFSET, compressionCodecOf } from '../../protocol/records/batch-header.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { CloseConnection } from '../connection.ts';
import { toErrorAnswer } from '../error-code.ts';

type PartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number];

export const produceHandler = defineHandler({
  // Produce v0-v2 carry message formats v0/v1, which the bundled broker does not store.
  ...apiRange('Produce', { minVersion: 3 }),
  // ...yet ApiVersions advertises Produce from v0, as Kafka 4 does (KAFKA-18659,
  // ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION): librdkafka without the fix for
  // confluentinc/librdkafka#4956 (kcat's 2.0.2, for one) compresses gzip, snappy and lz4 batches
  // only for a broker whose Produce range includes v0, and otherwise silently sends them
  // uncompressed. A Produce v0-v2 request still closes the connection.
  advertisedMinVersion: 0,
  decode: decodeProduceRequest,
  encode: encodeProduceResponse,
  async handle(request, ctx) {
    const { logs, log } = ctx.broker;
    const acks = request.acks;
    const pending = request.topicData.map((topic) => ({
      name: topic.name,
      partitions: topic.partitionData.map((p): Promise<PartitionResponse> => {
        const failed = (err: unknown) => ({ ...partitionDefaults(p.index), ...toErrorAnswer(err, log) });
        try {
          if (acks !== 0 && acks !== 1 && acks !== -1) {
            throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, got ${acks}`);
          }
          const partitionLog = logs.partition(topic.name, p.index);
          if (!partitionLog) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `${topic.name}-${p.index} does not exist on this broker`);
          if (p.records === null) throw new KafkaError('CORRUPT_MESSAGE', 'A produce request must carry records');
          const records = p.records;
          if (ctx.apiVersion < 7 && records.length > ATTRIBUTES_OFFSET + 1 && compressionCodecOf(records.readInt16BE(ATTRIBUTES_OFFSET)) === 'zstd') {
            throw new KafkaError('UNSUPPORTED_COMPRESSION_TYPE', 'zstd-compressed batches need Produce v7 or later (KIP-110)');
          }
          return partitionLog.append(records, { acks }).then(
            (r) => ({ ...partitionDefaults(p.index), baseOffset: r.baseOffset, logAppendTimeMs: r.logAppendTime,
              logStartOffset: partitionLog.logStartOffset }),
            failed,
          );
        } catch (err) {
          return Promise.resolve(failed(err));
        }
      }),
    }));
    const responses = await Promise.all(pending.map(async (t) => ({ name: t.name, partitionResponses: await Promise.all(t.partitions) })));
    if (acks === 0) {
      // acks=0 gets no response; the only way Kafka tells such a producer about an error is closing the connection.
      const failure = responses.flatMap((t) => t.partitionResponses).find((p) => p.errorCode !== ErrorCodes.NONE);
      if (failure) throw new CloseConnection(`acks=0 produce failed: ${failure.errorMessage}`);
      return null;
    }
    return { responses, throttleTimeMs: 0, nodeEndpoints: [] };
  },
});

function partitionDefaults(index: number): PartitionResponse {
  return {
    index, errorCode: 0, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1,
    recordErrors: [], errorMessage: null, currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
}
