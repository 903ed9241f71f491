// org.apache.kafka.connect.transforms.predicates.TopicNameMatches: true when the whole topic name
// matches the regular expression.
import type { ConnectRecord, Predicate } from '../runtime-bridge.ts';
import { configDefOf, nonEmptyString, parseConfig, validRegex, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { compileWholeMatch } from '../kafka/java-regex.ts';

export const TOPIC_NAME_MATCHES_CONFIG: readonly ConfigKeySpec[] = [
  {
    name: 'pattern', type: 'STRING', importance: 'MEDIUM', validValues: 'non-empty string, valid regex',
    validate: (value: string, name: string) => { nonEmptyString(value, name); validRegex(value, name); },
    doc: "A Java regular expression for matching against the name of a record's topic.",
  },
];

export class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R> {
  #pattern = /^$/;
  #source = '';

  configure(configs: RawConfig): void {
    this.#source = parseConfig(TOPIC_NAME_MATCHES_CONFIG, configs).pattern;
    this.#pattern = compileWholeMatch(this.#source, 'pattern');
  }

  test(record: R): boolean {
    return record.topic !== null && this.#pattern.test(record.topic);
  }

  config() { return configDefOf(TOPIC_NAME_MATCHES_CONFIG); }
  close(): void {}
  toString(): string { return `TopicNameMatches{pattern=${this.#source}}`; }
}
