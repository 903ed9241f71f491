// FindCoordinator: this node coordinates every group. Transactions have no coordinator yet, so a
// transactional key is answered COORDINATOR_NOT_AVAILABLE with a message that says so.
import { decodeFindCoordinatorRequest, encodeFindCoordinatorResponse } from '../../protocol/generated/find-coordinator.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import type { BrokerContext } from '../broker-context.ts';

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;

type Answer = { nodeId: number; host: string; port: number; errorCode: number; errorMessage: string | null };

function coordinatorFor(keyType: number, broker: BrokerContext): Answer {
  if (keyType === GROUP_KEY) {
    const l = broker.advertised[0];
    return { nodeId: broker.nodeId, host: l.host, port: l.port, errorCode: 0, errorMessage: null };
  }
  const none = { nodeId: -1, host: '', port: -1 };
  if (keyType === TRANSACTION_KEY) {
    return { ...none, errorCode: ErrorCodes.COORDINATOR_NOT_AVAILABLE,
      errorMessage: 'Transactions are not supported yet by the bundled broker: it has no transaction coordinator.' };
  }
  return { ...none, errorCode: ErrorCodes.INVALID_REQUEST, errorMessage: `Unknown coordinator key type ${keyType}.` };
}

export const findCoordinatorHandler = defineHandler({
  ...apiRange('FindCoordinator'),
  decode: decodeFindCoordinatorRequest,
  encode: encodeFindCoordinatorResponse,
  handle(request, ctx) {
    if (ctx.apiVersion >= 4) {
      // v4+ batches keys (KIP-699); the top-level fields keep their defaults.
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '', port: 0,
        coordinators: request.coordinatorKeys.map((key) => ({ key, ...coordinatorFor(request.keyType, ctx.broker) })) };
    }
    return { throttleTimeMs: 0, ...coordinatorFor(request.keyType, ctx.broker), coordinators: [] };
  },
});
