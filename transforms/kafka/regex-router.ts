// org.apache.kafka.connect.transforms.RegexRouter: when the whole topic matches `regex`, the topic
// becomes `replacement` (with group references); otherwise the record is unchanged.
import type { ConnectRecord, Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, validRegex, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { compileWholeMatch, javaReplacement } from './java-regex.ts';

export const REGEX_ROUTER_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'regex', type: 'STRING', importance: 'HIGH', validValues: 'valid regex', validate: validRegex, doc: 'Regular expression to use for matching.' },
  { name: 'replacement', type: 'STRING', importance: 'HIGH', doc: 'Replacement string.' },
];

export class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  #regex = /^$/;
  #replacement = '';

  configure(configs: RawConfig): void {
    const values = parseConfig(REGEX_ROUTER_CONFIG, configs);
    this.#regex = compileWholeMatch(values.regex, 'regex');
    // Untrimmed, as Kafka reads it.
    this.#replacement = javaReplacement(String(configs.replacement ?? values.replacement));
  }

  apply(record: R): R {
    if (!this.#regex.test(record.topic)) return record;
    const topic = record.topic.replace(this.#regex, this.#replacement);
    return record.newRecord(topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp);
  }

  config() { return configDefOf(REGEX_ROUTER_CONFIG); }
  close(): void {}
}
