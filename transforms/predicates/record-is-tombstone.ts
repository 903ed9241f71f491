// org.apache.kafka.connect.transforms.predicates.RecordIsTombstone: true when the value is null.
import type { ConnectRecord, Predicate } from '../runtime-bridge.ts';
import { configDefOf, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';

export const RECORD_IS_TOMBSTONE_CONFIG: readonly ConfigKeySpec[] = [];

export class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R> {
  configure(_configs: RawConfig): void {}
  test(record: R): boolean { return record.value === null; }
  config() { return configDefOf(RECORD_IS_TOMBSTONE_CONFIG); }
  close(): void {}
  toString(): string { return 'RecordIsTombstone{}'; }
}
