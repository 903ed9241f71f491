// Fetch: whole record batches straight from the log files, never copied or re-encoded.
// Long polling: when fewer than minBytes are available the request waits, up to maxWaitMs, for
// appends to any partition it reads. Fetch sessions (KIP-227) are declined: every response
// carries session id 0, which tells clients to keep sending full fetch requests.
import { decodeFetchRequest, encodeFetchResponse, type FetchRequest, type FetchResponse } from '../../protocol/generated/fetch.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { KafkaError } from '../../kafka-error.ts';
import type { PartitionLog } from '../../log/partition-log.ts';
import { defineHandler, type RequestContext } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';
import { toErrorAnswer } from '../error-code.ts';

type TopicResponse = FetchResponse<Buffer[]>['responses'][number];
type PartitionResponse = TopicResponse['partitions'][number];
type Target = { topic: string; topicId: string; partition: number; offset: number; maxBytes: number; log: PartitionLog | undefined; unknownId: boolean; seenHighWatermark?: number };

export const fetchHandler = defineHandler({
  ...apiRange('Fetch', { minVersion: 4 }),
  decode: decodeFetchRequest,
  encode: encodeFetchResponse,
  async handle(request, ctx) {
    if (request.sessionId !== 0) {
      // We never hand out session ids, so an incremental fetch names a session we do not have.
      return { ...emptyResponse(), errorCode: ErrorCodes.FETCH_SESSION_ID_NOT_FOUND };
    }
    const targets = resolveTargets(request, ctx);
    const deadline = Date.now() + Math.max(0, request.maxWaitMs);
    let result = await readAll(targets, request, ctx);
    while (result.bytes < Math.max(1, request.minBytes) && !result.failed && Date.now() < deadline) {
      if (!(await waitForAppend(targets, deadline - Date.now()))) break;
      result = await readAll(targets, request, ctx);
    }
    return { ...emptyResponse(), responses: result.responses };
  },
});

function emptyResponse(): FetchResponse<Buffer[]> {
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [], nodeEndpoints: [] };
}

function resolveTargets(request: FetchRequest, ctx: RequestContext): Target[] {
  const { logs } = ctx.broker;
  const byId = ctx.apiVersion >= 13;
  return request.topics.flatMap((t) => {
    const info = byId ? logs.topicById(t.topicId) : logs.topic(t.topic);
    const topic = info?.name ?? t.topic;
    return t.partitions.map((p) => ({
      topic, topicId: t.topicId, partition: p.partition, offset: p.fetchOffset, maxBytes: p.partitionMaxBytes,
      log: info ? logs.partition(info.name, p.partition) : undefined, unknownId: byId && !info,
    }));
  });
}

/** Resolves true when any target partition got an append, false when the time ran out. */
function waitForAppend(targets: Target[], waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    const done = (appended: boolean) => {
      clearTimeout(timer);
      for (const u of unsubscribes) u();
      resolve(appended);
    };
    const timer = setTimeout(() => done(false), waitMs);
    for (const t of targets) if (t.log) unsubscribes.push(t.log.onAppend(() => done(true)));
    // An append that landed between our read and the subscription above must not be missed.
    if (targets.some((t) => t.log && t.log.highWatermark !== t.seenHighWatermark)) done(true);
  });
}

async function readAll(targets: Target[], request: FetchRequest, ctx: RequestContext) {
  let remaining = request.maxBytes;
  let bytes = 0;
  let failed = false;
  const responses: TopicResponse[] = [];
  for (const t of targets) {
    const partition = await readOne(t, remaining, bytes === 0, ctx);
    if (partition.errorCode !== ErrorCodes.NONE) failed = true;
    const size = (partition.records ?? []).reduce((n, b) => n + b.length, 0);
    bytes += size;
    remaining = Math.max(0, remaining - size);
    let topic = responses.at(-1);
    if (!topic || topic.topic !== t.topic || topic.topicId !== t.topicId) {
      topic = { topic: t.topic, topicId: t.topicId, partitions: [] };
      responses.push(topic);
    }
    topic.partitions.push(partition);
  }
  return { responses, bytes, failed };
}

async function readOne(t: Target, remaining: number, minOneBatch: boolean, ctx: RequestContext): Promise<PartitionResponse> {
  const base: PartitionResponse = {
    partitionIndex: t.partition, errorCode: 0, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
    divergingEpoch: { epoch: -1, endOffset: -1 }, currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1, epoch: -1 }, abortedTransactions: null, preferredReadReplica: -1, records: [],
  };
  if (t.unknownId) return { ...base, errorCode: ErrorCodes.UNKNOWN_TOPIC_ID };
  if (!t.log) return { ...base, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION };
  const log = t.log;
  t.seenHighWatermark = log.highWatermark;
  const watermarks = { highWatermark: log.highWatermark, lastStableOffset: log.highWatermark, logStartOffset: log.logStartOffset };
  try {
    if (t.maxBytes < 0) throw new KafkaError('INVALID_FETCH_SIZE', `partition max bytes must not be negative, got ${t.maxBytes}`);
    // KIP-110: Kafka refuses Fetch < v10 on topics whose compression.type is zstd. (With the
    // default compression.type=producer it serves zstd batches as they are, to any version.)
    if (ctx.apiVersion < 10 && log.settings.compressionType === 'zstd') {
      throw new KafkaError('UNSUPPORTED_COMPRESSION_TYPE', 'Topics with compression.type=zstd need Fetch v10 or later');
    }
    const read = await log.read(t.offset, Math.min(t.maxBytes, remaining), minOneBatch);
    return { ...base, highWatermark: read.highWatermark, lastStableOffset: read.highWatermark, logStartOffset: read.logStartOffset, records: read.records };
  } catch (err) {
    return { ...base, ...watermarks, errorCode: toErrorAnswer(err, ctx.broker.log).errorCode };
  }
}
