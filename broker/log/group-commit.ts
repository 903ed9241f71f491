// Group commit: at most one fsync round in flight per log; every durability request that arrives
// while one runs shares the next round. A round covers every segment that received written bytes
// before it started, so a request made after its write completed is satisfied by the next round
// to *start* — never by one already in flight, whose snapshot may predate that write.
import type { LogSegment } from './log-segment.ts';

type Waiter = { resolve: () => void; reject: (err: unknown) => void };

export class GroupCommit {
  /** fsync calls issued (one per dirty segment per round): what the group-commit test counts. */
  fsyncs = 0;
  rounds = 0;
  lastSyncAt = Date.now();
  private readonly dirty = new Set<LogSegment>();
  private waiters: Waiter[] = [];
  private inFlight: Promise<void> | null = null;

  /** Records that `segment` holds bytes written since the last round began. */
  markDirty(segment: LogSegment): void {
    this.dirty.add(segment);
  }

  /** The segment needs no fsync any more: it was sealed (already synced) or deleted. */
  forget(segment: LogSegment): void {
    this.dirty.delete(segment);
  }

  get hasDirtyData(): boolean {
    return this.dirty.size > 0;
  }

  /** Resolves once everything written before this call is on stable storage. */
  sync(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.startRound();
    });
  }

  /** Waits for the round in flight, if any (used by close). */
  async idle(): Promise<void> {
    while (this.inFlight !== null) await this.inFlight;
  }

  private startRound(): void {
    if (this.inFlight !== null || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    const segments = [...this.dirty];
    this.dirty.clear();
    this.rounds++;
    this.lastSyncAt = Date.now();
    this.inFlight = Promise.all(segments.map((s) => {
      this.fsyncs++;
      return s.datasync();
    })).then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => {
        // The data may not be durable: put the segments back so a later round retries them.
        for (const s of segments) this.dirty.add(s);
        waiters.forEach((w) => w.reject(err));
      },
    ).finally(() => {
      this.inFlight = null;
      this.startRound();
    });
  }
}
