// The one structured logger (pino, JSON lines). Components take child loggers with bindings
// (component, connector, task) and levels can be changed at run time through `setLevel`.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.TRIBUTARY_LOG_LEVEL ?? 'info';
  return pino({ name: options.name ?? 'tributary', level, base: { pid: process.pid } },
    options.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** A logger that drops everything: for library use and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
