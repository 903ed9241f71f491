// org.apache.kafka.connect.transforms.predicates.HasHeaderKey: true when at least one header has
// the configured name.
import type { ConnectRecord, Predicate } from '../runtime-bridge.ts';
import { configDefOf, nonEmptyString, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';

export const HAS_HEADER_KEY_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'name', type: 'STRING', importance: 'MEDIUM', validValues: 'non-empty string', validate: nonEmptyString, doc: 'The header name.' },
];

export class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R> {
  #name = '';

  configure(configs: RawConfig): void {
    this.#name = parseConfig(HAS_HEADER_KEY_CONFIG, configs).name;
  }

  test(record: R): boolean {
    return record.headers.lastWithName(this.#name) !== undefined;
  }

  config() { return configDefOf(HAS_HEADER_KEY_CONFIG); }
  close(): void {}
  toString(): string { return `HasHeaderKey{name='${this.#name}'}`; }
}
