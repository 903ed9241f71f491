// InitProducerId for idempotent producers: a fresh producer id, or (KIP-360) the same id with a
// bumped epoch when a producer asks to reset its sequence state. Transactional ids need the
// transaction coordinator, which the bundled broker does not have yet.
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from '../../protocol/generated/init-producer-id.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

const MAX_EPOCH = 32767;

export const initProducerIdHandler = defineHandler({
  ...apiRange('InitProducerId'),
  decode: decodeInitProducerIdRequest,
  encode: encodeInitProducerIdResponse,
  async handle(request, ctx) {
    if (request.transactionalId !== null) {
      return { throttleTimeMs: 0, errorCode: ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    try {
      if (request.producerId >= 0 && request.producerEpoch >= 0 && request.producerEpoch < MAX_EPOCH - 1) {
        return { throttleTimeMs: 0, errorCode: 0, producerId: request.producerId, producerEpoch: request.producerEpoch + 1 };
      }
      return { throttleTimeMs: 0, errorCode: 0, producerId: await ctx.broker.producerIds.allocate(), producerEpoch: 0 };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: toErrorAnswer(err, ctx.broker.log).errorCode, producerId: -1, producerEpoch: -1 };
    }
  },
});
