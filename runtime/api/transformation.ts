import type { ConfigDef } from '../config/config-def.ts';
import type { ConnectRecord } from '../data/connect-record.ts';

/**
 * A single message transform. Synchronous on purpose, as in Kafka: it runs once per record on the
 * hot path, so it must be cheap and do no I/O. Return null to drop the record. Records are
 * immutable: return `record.newRecord(...)` for a changed one.
 */
export interface Transformation<R extends ConnectRecord<R> = ConnectRecord<any>> {
  configure(configs: Record<string, unknown>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
  version?(): string;
}

/** A condition that decides whether a transform applies to a record (`predicate`/`negate`). */
export interface Predicate<R extends ConnectRecord<R> = ConnectRecord<any>> {
  configure(configs: Record<string, unknown>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
  version?(): string;
}
