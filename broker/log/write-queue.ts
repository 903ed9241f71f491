// The ordered write path of a partition log. Appends are queued in offset order; one writer
// drains the queue, turning every run of queued batches bound for the same segment into a single
// positioned writev. While one write is in flight the next ones accumulate, so the number of
// system calls falls as concurrency rises (the same batching that group commit does for fsync).
import type { LogSegment } from './log-segment.ts';
import type { AppendResult } from './partition-log.ts';

export type PendingWrite = {
  segment: LogSegment;
  position: number;
  buffer: Buffer;
  lastOffset: number;
  records: number;
  acks: 0 | 1 | -1;
  result: AppendResult;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
};

/** writev takes at most IOV_MAX (1024 on Linux) buffers per call. */
const MAX_BUFFERS_PER_WRITE = 1024;

export type WriteQueueHooks = {
  /** Called in offset order once a group's bytes reached the OS. */
  onWritten(segment: LogSegment, group: PendingWrite[]): void;
  onFailure(err: unknown): void;
};

export class WriteQueue {
  writeCalls = 0;
  private readonly hooks: WriteQueueHooks;
  private queue: PendingWrite[] = [];
  private running = false;
  private failure: unknown = null;
  private idleWaiters: Array<() => void> = [];
  /** Work to run once a segment that is no longer active has all its bytes written. */
  private readonly afterWritten = new Map<LogSegment, () => Promise<void>>();

  constructor(hooks: WriteQueueHooks) {
    this.hooks = hooks;
  }

  enqueue(write: PendingWrite): void {
    if (this.failure !== null) {
      write.reject(this.failure);
      return;
    }
    this.queue.push(write);
    this.kick();
  }

  afterSegmentWritten(segment: LogSegment, task: () => Promise<void>): void {
    this.afterWritten.set(segment, task);
    this.kick();
  }

  /** Resolves when nothing is queued or being written. */
  drained(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    // Deferred to a microtask so appends made in the same tick share the first writev.
    queueMicrotask(() => void this.run());
  }

  private async run(): Promise<void> {
    try {
      await this.runAfterWrittenTasks();
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        const segment = group[0].segment;
        this.writeCalls++;
        await segment.write(group.map((w) => w.buffer), group[0].position);
        const last = group[group.length - 1];
        segment.size = last.position + last.buffer.length;
        this.hooks.onWritten(segment, group);
        await this.runAfterWrittenTasks();
      }
    } catch (err) {
      this.failure = err;
      const failed = this.queue;
      this.queue = [];
      for (const w of failed) w.reject(err);
      this.hooks.onFailure(err);
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private takeGroup(): PendingWrite[] {
    const segment = this.queue[0].segment;
    let n = 0;
    while (n < this.queue.length && n < MAX_BUFFERS_PER_WRITE && this.queue[n].segment === segment) n++;
    return this.queue.splice(0, n);
  }

  private async runAfterWrittenTasks(): Promise<void> {
    for (const [segment, task] of this.afterWritten) {
      if (segment.size !== segment.reservedSize) continue;
      this.afterWritten.delete(segment);
      await task();
    }
  }
}
