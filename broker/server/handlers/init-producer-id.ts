// InitProducerId for idempotent producers: always a fresh producer id. Transactional ids need the
// transaction coordinator, which the bundled broker does not have yet.
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from '../../protocol/generated/init-producer-id.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

export const initProducerIdHandler = defineHandler({
  ...apiRange('InitProducerId'),
  decode: decodeInitProducerIdRequest,
  encode: encodeInitProducerIdResponse,
  async handle(request, ctx) {
    if (request.transactionalId !== null) {
      return { throttleTimeMs: 0, errorCode: ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    try {
      // Without a transactional id Kafka always hands out a fresh producer id at epoch 0, even
      // when the request names an existing id (KIP-360 epoch bumps go through the transaction
      // coordinator): the new id starts with no sequence state.
      return { throttleTimeMs: 0, errorCode: 0, producerId: await ctx.broker.producerIds.allocate(), producerEpoch: 0 };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: toErrorAnswer(err, ctx.broker.log).errorCode, producerId: -1, producerEpoch: -1 };
    }
  },
});
