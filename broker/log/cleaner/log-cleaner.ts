// The background log cleaner (Kafka's LogCleaner + LogCleanerManager, one cleaner thread):
// every round it picks the filthiest log whose cleanup.policy includes compact — dirty ratio over
// min.cleanable.dirty.ratio, or a dirty record older than max.compaction.lag.ms, or tombstones
// whose delete horizon has passed — cleans it (log-compactor.ts) and moves its
// cleaner-offset-checkpoint. Cleaning happens in small awaited steps, so it shares the event loop
// with produce and fetch instead of stalling them. log.cleaner.enable=false never starts it.
import type { LogEvents } from '../log-events.ts';
import type { PartitionLog } from '../partition-log.ts';
import { readCleanerCheckpoint, writeCleanerCheckpoint, type CleanerCheckpoint } from './cleaner-checkpoint.ts';
import { cleanableRange, type CleanableRange } from './cleanable-range.ts';
import { compactLog, type CompactionResult } from './log-compactor.ts';
import type { SwapStepHook } from './segment-swap.ts';

export type LogCleanerOptions = {
  logs: () => PartitionLog[];
  events: LogEvents;
  /** Pause between rounds that found nothing to clean (Kafka: log.cleaner.backoff.ms). */
  backoffMs?: number;
  maxMapEntries?: number;
  now?: () => number;
  swapHook?: SwapStepHook;
};

export type CleanerTotals = { passes: number; bytesIn: number; bytesOut: number; seconds: number };

type LogState = CleanerCheckpoint;

export class LogCleaner {
  readonly totals: CleanerTotals = { passes: 0, bytesIn: 0, bytesOut: 0, seconds: 0 };
  private readonly options: LogCleanerOptions;
  private readonly states = new WeakMap<PartitionLog, LogState>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> = Promise.resolve();
  /** Set by stop(): no new pass starts, so the logs can close. */
  private stopped = false;

  constructor(options: LogCleanerOptions) {
    this.options = options;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops scheduling and waits for a pass in progress to end (before the logs close). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Cleans the filthiest cleanable log once; returns what was done, or null if nothing qualified. */
  cleanOnce(): Promise<(CompactionResult & { log: PartitionLog }) | null> {
    const pass = this.running.then(() => this.cleanFilthiest());
    this.running = pass.catch(() => undefined);
    return pass;
  }

  /** Cleans until no log qualifies (tests, the benchmark). */
  async cleanUntilDone(maxPasses = 1000): Promise<number> {
    let passes = 0;
    while (passes < maxPasses && (await this.cleanOnce()) !== null) passes++;
    return passes;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.cleanOnce().then(
        (result) => this.schedule(result === null || !result.completed ? this.options.backoffMs ?? 15_000 : 0),
        (err: unknown) => {
          this.options.events.error({ err }, 'log cleaner pass failed');
          this.schedule(this.options.backoffMs ?? 15_000);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async cleanFilthiest(): Promise<(CompactionResult & { log: PartitionLog }) | null> {
    const now = this.options.now?.() ?? Date.now();
    let best: { log: PartitionLog; range: CleanableRange; state: LogState } | null = null;
    for (const log of this.options.logs()) {
      if (log.isClosed || !log.currentConfig.cleanupPolicy.includes('compact')) continue;
      const state = await this.stateOf(log);
      const range = cleanableRange(log, state.offset, now);
      const horizonPassed = state.tombstoneHorizon !== null && state.tombstoneHorizon < now && range.cleanable.length > 0;
      const qualifies = range.overdue || horizonPassed || (range.dirtyBytes > 0 && range.dirtyRatio > log.currentConfig.minCleanableDirtyRatio);
      if (!qualifies) continue;
      // Overdue and horizon-passed logs go first; then the highest dirty ratio.
      const score = (range.overdue || horizonPassed ? 1 : 0) + range.dirtyRatio;
      const bestScore = best === null ? -1 : (best.range.overdue ? 1 : 0) + best.range.dirtyRatio;
      if (score > bestScore) best = { log, range, state };
    }
    if (best === null || this.stopped) return null;
    const started = process.hrtime.bigint();
    const result = await compactLog(best.log, best.range, { now, maxMapEntries: this.options.maxMapEntries ?? 4_000_000, swapHook: this.options.swapHook });
    this.totals.seconds += Number(process.hrtime.bigint() - started) / 1e9;
    this.totals.passes++;
    this.totals.bytesIn += result.bytesIn;
    this.totals.bytesOut += result.bytesOut;
    if (result.completed) {
      best.state.offset = result.cleanedUpTo;
      best.state.tombstoneHorizon = result.earliestTombstoneHorizon;
      if (!best.log.isClosed) await writeCleanerCheckpoint(best.log.dir, best.state);
      this.options.events.info({ dir: best.log.dir, ...summary(result) }, 'log cleaned');
    }
    return { ...result, log: best.log };
  }

  private async stateOf(log: PartitionLog): Promise<LogState> {
    let state = this.states.get(log);
    if (state === undefined) {
      state = await readCleanerCheckpoint(log.dir);
      this.states.set(log, state);
    }
    return state;
  }
}

function summary(r: CompactionResult): object {
  return { cleanedUpTo: r.cleanedUpTo, bytesIn: r.bytesIn, bytesOut: r.bytesOut, recordsIn: r.recordsIn, recordsKept: r.recordsKept };
}
