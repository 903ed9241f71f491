// org.apache.kafka.connect.transforms.DropHeaders: removes every header with one of the names.
import { Headers, type ConnectRecord, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, nonEmptyList, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';

export const DROP_HEADERS_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'headers', type: 'LIST', importance: 'HIGH', validValues: 'non-empty list', validate: nonEmptyList, doc: 'The name of the headers to be removed.' },
];

export class DropHeaders<R extends ConnectRecord<R>> implements Transformation<R> {
  #names: ReadonlySet<string> = new Set();

  configure(configs: RawConfig): void {
    this.#names = new Set(parseConfig(DROP_HEADERS_CONFIG, configs).headers);
  }

  apply(record: R): R {
    const kept = new Headers();
    for (const header of record.headers) if (!this.#names.has(header.key)) kept.add(header);
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp, kept);
  }

  config() { return configDefOf(DROP_HEADERS_CONFIG); }
  close(): void {}
}
