// Cross-check against an independent implementation: @platformatic/kafka's hand-written
// per-version codecs. Their request encoders must produce the bytes ours do, and their response
// parsers must read what our encoders write.
import { describe, expect, test } from '@jest/globals';
import { joinGroupV9, metadataV12, metadataV1, Reader as PlatformaticReader } from '@platformatic/kafka';
import { encodeJoinGroupRequest, encodeJoinGroupResponse, decodeJoinGroupRequest } from '../../../../broker/protocol/generated/join-group.ts';
import { encodeMetadataRequest, encodeMetadataResponse, type MetadataResponse } from '../../../../broker/protocol/generated/metadata.ts';
import { Reader } from '../../../../broker/protocol/reader.ts';
import { Writer } from '../../../../broker/protocol/writer.ts';

function ours(fn: (w: Writer) => void): Buffer {
  const w = new Writer();
  fn(w);
  return w.toBuffer();
}

describe('requests encode to the same bytes as @platformatic/kafka', () => {
  test('Metadata v12', () => {
    const theirs = metadataV12.createRequest(['orders', 'payments'], false, true).buffer;
    const mine = ours((w) => encodeMetadataRequest(w, 12, {
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'orders' }, { topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'payments' }],
      allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: true,
    }));
    expect(mine.toString('hex')).toBe(theirs.toString('hex'));
  });

  test('Metadata v1', () => {
    const theirs = metadataV1.createRequest(['orders']).buffer;
    const mine = ours((w) => encodeMetadataRequest(w, 1, {
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'orders' }],
      allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
    }));
    expect(mine.toString('hex')).toBe(theirs.toString('hex'));
  });

  test('JoinGroup v9 (compact bytes, nullable strings)', () => {
    const metadata = Buffer.from('connect-metadata');
    const theirs = joinGroupV9.createRequest('connect-cluster', 10000, 60000, '', null, 'connect',
      [{ name: 'sessioned', metadata }], 'joining').buffer;
    const request = {
      groupId: 'connect-cluster', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 60000, memberId: '', groupInstanceId: null,
      protocolType: 'connect', protocols: [{ name: 'sessioned', metadata }], reason: 'joining',
    };
    const mine = ours((w) => encodeJoinGroupRequest(w, 9, request));
    expect(mine.toString('hex')).toBe(theirs.toString('hex'));
    expect(decodeJoinGroupRequest(new Reader(theirs), 9)).toEqual(request);
  });
});

describe('responses we encode parse with @platformatic/kafka', () => {
  test('JoinGroup v9', () => {
    const bytes = ours((w) => encodeJoinGroupResponse(w, 9, {
      throttleTimeMs: 0, errorCode: 0, generationId: 3, protocolType: 'connect', protocolName: 'sessioned',
      leader: 'member-1', skipAssignment: false, memberId: 'member-1',
      members: [{ memberId: 'member-1', groupInstanceId: null, metadata: Buffer.from([1, 2, 3]) }],
    }));
    const parsed = joinGroupV9.parseResponse(1, 11, 9, PlatformaticReader.from(bytes));
    expect(parsed).toMatchObject({ generationId: 3, protocolType: 'connect', protocolName: 'sessioned', leader: 'member-1', memberId: 'member-1' });
    expect(parsed.members[0].metadata).toEqual(Buffer.from([1, 2, 3]));
  });

  test('Metadata v12', () => {
    const response: MetadataResponse = {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
      clusterId: 'tributary',
      controllerId: 1,
      topics: [{
        errorCode: 0, name: 'orders', topicId: Buffer.alloc(16, 7).toString('base64url'), isInternal: false,
        partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }],
        topicAuthorizedOperations: -2147483648,
      }],
      clusterAuthorizedOperations: -2147483648,
    };
    const parsed = metadataV12.parseResponse(1, 3, 12, PlatformaticReader.from(ours((w) => encodeMetadataResponse(w, 12, response))));
    expect(parsed.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }]);
    expect(parsed.clusterId).toBe('tributary');
    expect(parsed.topics[0]).toMatchObject({ name: 'orders', partitions: [{ partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1] }] });
  });
});
