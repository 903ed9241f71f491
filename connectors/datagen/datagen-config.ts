import { ConfigDef, ConfigException, Range, customValidator, nonEmptyString } from '../../runtime/api/index.ts';
import { parseGeneratorSchema, type GeneratorSchema } from './generator-schema.ts';
import { QUICKSTART_NAMES, QUICKSTARTS } from './quickstarts.ts';

export const KAFKA_TOPIC_CONFIG = 'kafka.topic';
export const QUICKSTART_CONFIG = 'quickstart';
export const SCHEMA_STRING_CONFIG = 'schema.string';
export const SCHEMA_KEYFIELD_CONFIG = 'schema.keyfield';
export const MAX_INTERVAL_CONFIG = 'max.interval';
export const ITERATIONS_CONFIG = 'iterations';
export const RANDOM_SEED_CONFIG = 'random.seed';
export const BATCH_SIZE_CONFIG = 'batch.size';
/** Set by the connector in each task config: which slice of the record sequence a task makes. */
export const TASK_INDEX_CONFIG = 'task.index';
export const TASK_COUNT_CONFIG = 'task.count';

const quickstartName = customValidator(`one of ${QUICKSTART_NAMES.join(', ')} (or empty)`, (_name, value) => {
  if (value !== '' && value !== null && !Object.hasOwn(QUICKSTARTS, String(value).toLowerCase())) {
    return `Unknown quickstart; valid quickstarts are ${QUICKSTART_NAMES.join(', ')}`;
  }
});

export const DATAGEN_CONFIG_DEF = new ConfigDef()
  .define({ name: KAFKA_TOPIC_CONFIG, type: 'STRING', validator: nonEmptyString, importance: 'HIGH', documentation: 'Topic to write to' })
  .define({ name: QUICKSTART_CONFIG, type: 'STRING', defaultValue: '', validator: quickstartName, importance: 'HIGH',
    documentation: `A preset schema and key field: ${QUICKSTART_NAMES.join(', ')}. Either this or schema.string must be set.` })
  .define({ name: SCHEMA_STRING_CONFIG, type: 'STRING', defaultValue: '', importance: 'HIGH',
    documentation: 'An Avro-like record schema (JSON) with arg.properties (options, range, iteration, regex, length) saying how to generate each field' })
  .define({ name: SCHEMA_KEYFIELD_CONFIG, type: 'STRING', defaultValue: '', importance: 'MEDIUM',
    documentation: 'The value field copied into the record key (empty: the quickstart\'s key field, or no key for schema.string)' })
  .define({ name: MAX_INTERVAL_CONFIG, type: 'LONG', defaultValue: 500, validator: Range.atLeast(0), importance: 'LOW',
    documentation: 'Maximum milliseconds to wait between records (a random wait up to this); 0 generates as fast as possible, in batches' })
  .define({ name: ITERATIONS_CONFIG, type: 'INT', defaultValue: 1000000, validator: Range.atLeast(-1), importance: 'LOW',
    documentation: 'Number of records to generate in total, split across the tasks; -1 means unlimited' })
  .define({ name: RANDOM_SEED_CONFIG, type: 'LONG', defaultValue: null, importance: 'LOW',
    documentation: 'Seed of the generator: the same seed gives the same records; empty picks a random seed' })
  .define({ name: BATCH_SIZE_CONFIG, type: 'INT', defaultValue: 1000, validator: Range.between(1, 100000), importance: 'LOW',
    documentation: 'Records returned per poll when max.interval is 0' });

export interface DatagenSettings {
  topic: string;
  schema: GeneratorSchema;
  keyField: string | null;
  maxInterval: number;
  iterations: number;
  seed: bigint | null;
  batchSize: number;
}

/** Parses and cross-checks a datagen config (exactly one of quickstart/schema.string, a real key field). */
export function datagenSettings(props: Readonly<Record<string, string>>): DatagenSettings {
  const config = DATAGEN_CONFIG_DEF.parse(props);
  const quickstart = String(config[QUICKSTART_CONFIG]).toLowerCase();
  const schemaString = config[SCHEMA_STRING_CONFIG] as string;
  if ((quickstart === '') === (schemaString === '')) {
    throw new ConfigException(QUICKSTART_CONFIG, config[QUICKSTART_CONFIG], `Exactly one of ${QUICKSTART_CONFIG} and ${SCHEMA_STRING_CONFIG} must be set`);
  }
  const preset = quickstart === '' ? undefined : QUICKSTARTS[quickstart];
  const schema = preset !== undefined ? parseGeneratorSchema(JSON.stringify(preset.schema)) : parseGeneratorSchema(schemaString);
  const keyField = (config[SCHEMA_KEYFIELD_CONFIG] as string) || preset?.keyField || null;
  if (keyField !== null && schema.valueSchema.field(keyField) === undefined) {
    throw new ConfigException(SCHEMA_KEYFIELD_CONFIG, keyField, 'Not a field of the value schema');
  }
  const seed = config[RANDOM_SEED_CONFIG] as number | null;
  return {
    topic: config[KAFKA_TOPIC_CONFIG] as string,
    schema,
    keyField,
    maxInterval: config[MAX_INTERVAL_CONFIG] as number,
    iterations: config[ITERATIONS_CONFIG] as number,
    seed: seed === null ? null : BigInt(seed),
    batchSize: config[BATCH_SIZE_CONFIG] as number,
  };
}
