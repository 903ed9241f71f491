// org.apache.kafka.connect.transforms.InsertHeader: adds a header with a literal value, parsed
// into a typed value the way Kafka's Values.parseString does (see literal-value.ts).
import type { ConnectRecord, SchemaAndValue, Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { ConfigException } from '../runtime-bridge.ts';
import { parseLiteral } from './literal-value.ts';

const nonNull = (value: unknown, name: string): void => {
  if (value === null) throw new ConfigException(name, null, 'Entry must be non-null');
};

export const INSERT_HEADER_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'header', type: 'STRING', importance: 'HIGH', validValues: 'non-null string', validate: nonNull, doc: 'The name of the header.' },
  {
    name: 'value.literal', type: 'STRING', importance: 'HIGH', validValues: 'non-null string', validate: nonNull,
    doc: 'The literal value that is to be set as the header value on all records.',
  },
];

export class InsertHeader<R extends ConnectRecord<R>> implements Transformation<R> {
  #header = '';
  #literal: SchemaAndValue | null = null;

  configure(configs: RawConfig): void {
    const values = parseConfig(INSERT_HEADER_CONFIG, configs);
    this.#header = values.header;
    this.#literal = parseLiteral(values['value.literal']);
  }

  apply(record: R): R {
    const headers = record.headers.duplicate();
    headers.add(this.#header, this.#literal!);
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp, headers);
  }

  config() { return configDefOf(INSERT_HEADER_CONFIG); }
  close(): void {}
}
