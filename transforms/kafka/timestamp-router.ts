// org.apache.kafka.connect.transforms.TimestampRouter: topic = topic.format with ${topic} and
// ${timestamp} (the record timestamp formatted in UTC) substituted.
import { DataException, type ConnectRecord, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { SimpleDateFormat } from '../time/simple-date-format.ts';

export const TIMESTAMP_ROUTER_CONFIG: readonly ConfigKeySpec[] = [
  {
    name: 'topic.format', type: 'STRING', default: '${topic}-${timestamp}', importance: 'HIGH',
    doc: 'Format string which can contain ${topic} and ${timestamp} as placeholders for the topic and timestamp, respectively.',
  },
  {
    name: 'timestamp.format', type: 'STRING', default: 'yyyyMMdd', importance: 'HIGH',
    doc: 'Format string for the timestamp that is compatible with java.text.SimpleDateFormat.',
  },
];

export class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  #topicFormat = '';
  #timestampFormat = new SimpleDateFormat('yyyyMMdd');

  configure(configs: RawConfig): void {
    const values = parseConfig(TIMESTAMP_ROUTER_CONFIG, configs);
    this.#topicFormat = values['topic.format'];
    this.#timestampFormat = new SimpleDateFormat(values['timestamp.format']);
  }

  apply(record: R): R {
    if (record.timestamp === null) {
      // Kafka prints the whole record here; we name only its coordinates so values stay out of logs.
      throw new DataException(`Timestamp missing on record: topic=${record.topic}, partition=${record.kafkaPartition}`);
    }
    const formatted = this.#timestampFormat.format(new Date(record.timestamp));
    const topic = this.#topicFormat.replaceAll('${topic}', record.topic).replaceAll('${timestamp}', formatted);
    return record.newRecord(topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp);
  }

  config() { return configDefOf(TIMESTAMP_ROUTER_CONFIG); }
  close(): void {}
}
