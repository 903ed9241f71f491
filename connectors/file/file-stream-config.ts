import { ConfigDef, nonEmptyString } from '../../runtime/api/index.ts';

// Kafka's FileStreamSourceConnector / FileStreamSinkConnector config names, defaults and docs.
export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const TASK_BATCH_SIZE_CONFIG = 'batch.size';
export const DEFAULT_TASK_BATCH_SIZE = 2000;

/** The source partition key and offset key of a file (Kafka's FILENAME_FIELD / POSITION_FIELD). */
export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

export const SOURCE_CONFIG_DEF = new ConfigDef()
  .define({ name: FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Source filename. If not specified, the standard input will be used' })
  .define({ name: TOPIC_CONFIG, type: 'STRING', validator: nonEmptyString, importance: 'HIGH',
    documentation: 'The topic to publish data to' })
  .define({ name: TASK_BATCH_SIZE_CONFIG, type: 'INT', defaultValue: DEFAULT_TASK_BATCH_SIZE, importance: 'LOW',
    documentation: 'The maximum number of records the source task can read from the file each time it is polled' });

export const SINK_CONFIG_DEF = new ConfigDef()
  .define({ name: FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Destination filename. If not specified, the standard output will be used' });

/** The configured file, or null for the standard stream (an empty value means the same, as in Kafka). */
export function configuredFile(props: Readonly<Record<string, string>>, def: ConfigDef): string | null {
  const file = def.parse(props)[FILE_CONFIG] as string | null;
  return file === null || file === '' ? null : file;
}

/** A committed `position`, which Kafka requires to be a Long: a bigint or an integral number. */
export function positionOf(value: unknown): number | null | 'invalid' {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return 'invalid';
}
