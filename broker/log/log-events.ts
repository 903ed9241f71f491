// What the log layer reports. Structurally a subset of the project's pino logger, so a child
// logger can be passed straight in; the log layer itself does not depend on the logging package.
export type LogEvents = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

export const silentEvents: LogEvents = { info() {}, warn() {}, error() {} };
