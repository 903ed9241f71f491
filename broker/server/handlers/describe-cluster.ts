// DescribeCluster: this node is the whole cluster, its only broker and its controller.
import { decodeDescribeClusterRequest, encodeDescribeClusterResponse } from '../../protocol/generated/describe-cluster.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { CLUSTER_OPERATIONS, NOT_REQUESTED } from '../authorized-operations.ts';

const BROKERS_ENDPOINT = 1;

export const describeClusterHandler = defineHandler({
  ...apiRange('DescribeCluster'),
  decode: decodeDescribeClusterRequest,
  encode: encodeDescribeClusterResponse,
  handle(request, ctx) {
    const { broker } = ctx;
    const base = {
      throttleTimeMs: 0, errorCode: 0, errorMessage: null, endpointType: request.endpointType,
      clusterId: broker.logs.clusterId, controllerId: broker.nodeId, brokers: [] as { brokerId: number; host: string; port: number; rack: string | null }[],
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : NOT_REQUESTED,
    };
    if (request.endpointType !== BROKERS_ENDPOINT) {
      return { ...base, errorCode: ErrorCodes.UNSUPPORTED_ENDPOINT_TYPE, errorMessage: 'The bundled broker has no separate controller endpoints.' };
    }
    const l = broker.advertised[0];
    return { ...base, brokers: [{ brokerId: broker.nodeId, host: l.host, port: l.port, rack: null }] };
  },
});
