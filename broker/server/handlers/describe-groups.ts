// DescribeGroups: state, protocol and members; an unknown group is described as Dead (no error),
// as Kafka's classic coordinator does up to v5.
import { decodeDescribeGroupsRequest, encodeDescribeGroupsResponse } from '../../protocol/generated/describe-groups.ts';
import { NOT_REQUESTED } from '../authorized-operations.ts';
import { defineHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';

/** AclOperation READ (3), DELETE (6), DESCRIBE (8): what applies to a group; no ACLs yet, so all. */
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);

export const describeGroupsHandler = defineHandler({
  ...apiRange('DescribeGroups'),
  decode: decodeDescribeGroupsRequest,
  encode: encodeDescribeGroupsResponse,
  handle(request, ctx) {
    return {
      throttleTimeMs: 0,
      groups: request.groups.map((groupId) => {
        const d = ctx.broker.groups.describeGroup(groupId);
        return {
          errorCode: 0, groupId, groupState: d.state, protocolType: d.protocolType, protocolData: d.protocolData,
          members: d.members.map((m) => ({
            memberId: m.memberId, groupInstanceId: ctx.apiVersion >= 4 ? m.groupInstanceId : null, clientId: m.clientId,
            clientHost: m.clientHost, memberMetadata: m.metadata, memberAssignment: m.assignment,
          })),
          authorizedOperations: request.includeAuthorizedOperations ? GROUP_OPERATIONS : NOT_REQUESTED,
        };
      }),
    };
  },
});
