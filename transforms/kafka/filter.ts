// org.apache.kafka.connect.transforms.Filter: drops every record it is applied to. Useful only
// with a predicate (`transforms.x.predicate`), which decides which records reach it.
import type { ConnectRecord, Transformation } from '../runtime-bridge.ts';
import { configDefOf, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';

export const FILTER_CONFIG: readonly ConfigKeySpec[] = [];

export class Filter<R extends ConnectRecord<R>> implements Transformation<R> {
  configure(_configs: RawConfig): void {}
  apply(_record: R): null { return null; }
  config() { return configDefOf(FILTER_CONFIG); }
  close(): void {}
}
