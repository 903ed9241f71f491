// Runs retention over every log each log.retention.check.interval.ms (Kafka's
// kafka-log-retention task). Logs are handled one after another, each change awaited, so
// produce and fetch keep being served; a failure on one log is reported and the others go on.
import type { LogEvents } from './log-events.ts';
import type { PartitionLog } from './partition-log.ts';
import { enforceRetention } from './retention.ts';

export type RetentionTaskOptions = { logs: () => PartitionLog[]; intervalMs: number; events: LogEvents; now?: () => number };

export class RetentionTask {
  private readonly options: RetentionTaskOptions;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<number> | null = null;

  constructor(options: RetentionTaskOptions) {
    this.options = options;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), Math.min(this.options.intervalMs, 2 ** 31 - 1));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One retention check over every log; resolves to the number of segments deleted. */
  runOnce(): Promise<number> {
    this.running ??= this.checkAll().finally(() => (this.running = null));
    return this.running;
  }

  private async checkAll(): Promise<number> {
    const now = this.options.now?.() ?? Date.now();
    let deleted = 0;
    for (const log of this.options.logs()) {
      try {
        const outcome = await enforceRetention(log, now);
        if (outcome.segmentsDeleted === 0) continue;
        deleted += outcome.segmentsDeleted;
        this.options.events.info({ dir: log.dir, ...outcome, logStartOffset: log.logStartOffset }, 'deleted segments past retention');
      } catch (err) {
        this.options.events.error({ err, dir: log.dir }, 'retention check failed');
      }
    }
    return deleted;
  }
}
