// org.apache.kafka.connect.transforms.InsertField: adds record metadata (topic, partition, offset,
// timestamp) or a static string as fields. A `!` suffix makes the field required, `?` (default)
// optional.
import { ConfigException, LogicalTimestamp, OPTIONAL_INT32_SCHEMA, OPTIONAL_INT64_SCHEMA, OPTIONAL_STRING_SCHEMA, INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA, Struct, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { requireMap, requireSinkRecord, requireStruct } from '../requirements.ts';
import { mapCopy, mapSet } from '../schemaless.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';
import { structLike } from './schema-copy.ts';

const PURPOSE = 'field insertion';
const OPTIONALITY = 'Suffix with ! to make this a required field, or ? to keep it optional (the default).';
const OPTIONAL_TIMESTAMP_SCHEMA = LogicalTimestamp.builder().optional().build();

export const INSERT_FIELD_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'topic.field', type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for Kafka topic. ${OPTIONALITY}` },
  { name: 'partition.field', type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for Kafka partition. ${OPTIONALITY}` },
  { name: 'offset.field', type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for Kafka offset - only applicable to sink connectors. ${OPTIONALITY}` },
  { name: 'timestamp.field', type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for record timestamp. ${OPTIONALITY}` },
  { name: 'static.field', type: 'STRING', default: null, importance: 'MEDIUM', doc: `Field name for static data field. ${OPTIONALITY}` },
  { name: 'static.value', type: 'STRING', default: null, importance: 'MEDIUM', doc: 'Static field value, if field name configured.' },
  REPLACE_NULL_WITH_DEFAULT,
];

interface InsertionSpec {
  readonly name: string;
  readonly optional: boolean;
}

function insertionSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

export class InsertField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
  #replaceNullWithDefault = true;
  #schemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(INSERT_FIELD_CONFIG, configs);
    this.#topic = insertionSpec(values['topic.field']);
    this.#partition = insertionSpec(values['partition.field']);
    this.#offset = insertionSpec(values['offset.field']);
    this.#timestamp = insertionSpec(values['timestamp.field']);
    this.#static = insertionSpec(values['static.field']);
    this.#staticValue = values['static.value'];
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    if (!this.#topic && !this.#partition && !this.#offset && !this.#timestamp && !this.#static) {
      throw new ConfigException('No field insertion configured');
    }
    if (this.#static !== null && this.#staticValue === null) {
      throw new ConfigException('static.value', null, `No value specified for static field: ${this.#static.name}`);
    }
    this.#schemaCache = new WeakMap();
  }

  apply(record: R): R {
    const value = this.#operand.value(record);
    if (value === null) return record;
    const schema = this.#operand.schema(record);
    if (schema === null) {
      const updated = mapCopy(requireMap(value, PURPOSE));
      if (this.#topic) mapSet(updated, this.#topic.name, record.topic);
      if (this.#partition && record.kafkaPartition !== null) mapSet(updated, this.#partition.name, record.kafkaPartition);
      if (this.#offset) mapSet(updated, this.#offset.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
      if (this.#timestamp && record.timestamp !== null) mapSet(updated, this.#timestamp.name, record.timestamp);
      if (this.#static && this.#staticValue !== null) mapSet(updated, this.#static.name, this.#staticValue);
      return this.#operand.update(record, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#updatedSchema(struct.schema);
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields()) updated.put(field.name, fieldValue(struct, field, this.#replaceNullWithDefault));
    if (this.#topic) updated.put(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null) updated.put(this.#partition.name, record.kafkaPartition);
    if (this.#offset) updated.put(this.#offset.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (this.#timestamp && record.timestamp !== null) updated.put(this.#timestamp.name, new Date(record.timestamp));
    if (this.#static && this.#staticValue !== null) updated.put(this.#static.name, this.#staticValue);
    return this.#operand.update(record, updatedSchema, updated);
  }

  #updatedSchema(schema: Schema): Schema {
    let updated = this.#schemaCache.get(schema);
    if (updated !== undefined) return updated;
    const builder = structLike(schema);
    for (const field of schema.fields()) builder.field(field.name, field.schema);
    if (this.#topic) builder.field(this.#topic.name, this.#topic.optional ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA);
    if (this.#partition) builder.field(this.#partition.name, this.#partition.optional ? OPTIONAL_INT32_SCHEMA : INT32_SCHEMA);
    if (this.#offset) builder.field(this.#offset.name, this.#offset.optional ? OPTIONAL_INT64_SCHEMA : INT64_SCHEMA);
    if (this.#timestamp) builder.field(this.#timestamp.name, this.#timestamp.optional ? OPTIONAL_TIMESTAMP_SCHEMA : LogicalTimestamp.SCHEMA);
    if (this.#static) builder.field(this.#static.name, this.#static.optional ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA);
    updated = builder.build();
    this.#schemaCache.set(schema, updated);
    return updated;
  }

  config() { return configDefOf(INSERT_FIELD_CONFIG); }
  close(): void {}
}
