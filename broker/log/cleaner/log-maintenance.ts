// The broker's background log maintenance: the retention check every
// log.retention.check.interval.ms, and the log cleaner unless log.cleaner.enable=false.
// Stopped before the logs close, so neither touches a closed log.
import type { LogEvents } from '../log-events.ts';
import type { PartitionLog } from '../partition-log.ts';
import { RetentionTask } from '../retention-task.ts';
import { LogCleaner } from './log-cleaner.ts';

export type LogMaintenanceSettings = { retentionCheckIntervalMs: number; cleanerEnabled: boolean; cleanerBackoffMs: number };

export type LogMaintenance = { retention: RetentionTask; cleaner: LogCleaner | null; stop(): Promise<void> };

export function startLogMaintenance(logs: () => PartitionLog[], settings: LogMaintenanceSettings, events: LogEvents): LogMaintenance {
  const retention = new RetentionTask({ logs, intervalMs: settings.retentionCheckIntervalMs, events });
  retention.start();
  const cleaner = settings.cleanerEnabled ? new LogCleaner({ logs, events, backoffMs: settings.cleanerBackoffMs }) : null;
  cleaner?.start();
  return {
    retention,
    cleaner,
    async stop() {
      await Promise.all([retention.stop(), cleaner?.stop()]);
    },
  };
}
