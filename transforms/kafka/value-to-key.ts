// org.apache.kafka.connect.transforms.ValueToKey: the key becomes a struct/map of the listed
// value fields.
import { DataException, SchemaBuilder, Struct, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, nonEmptyList, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { requireMap, requireStruct } from '../requirements.ts';
import { emptyLike, mapGet, mapSet } from '../schemaless.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';

const PURPOSE = 'copying fields from value to key';

export const VALUE_TO_KEY_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'fields', type: 'LIST', importance: 'HIGH', validValues: 'non-empty list', validate: nonEmptyList, doc: 'Field names on the record value to extract as the record key.' },
  REPLACE_NULL_WITH_DEFAULT,
];

export class ValueToKey<R extends ConnectRecord<R>> implements Transformation<R> {
  #fields: readonly string[] = [];
  #replaceNullWithDefault = true;
  #keySchemaCache = new WeakMap<Schema, Schema>();

  configure(configs: RawConfig): void {
    const values = parseConfig(VALUE_TO_KEY_CONFIG, configs);
    this.#fields = values.fields;
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    this.#keySchemaCache = new WeakMap();
  }

  apply(record: R): R {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = emptyLike(value);
      for (const field of this.#fields) mapSet(key, field, mapGet(value, field) ?? null);
      return record.newRecord(record.topic, record.kafkaPartition, null, key, record.valueSchema, record.value, record.timestamp);
    }
    const value = requireStruct(record.value, PURPOSE);
    let keySchema = this.#keySchemaCache.get(value.schema);
    if (keySchema === undefined) {
      const builder = SchemaBuilder.struct();
      for (const name of this.#fields) {
        const field = value.schema.field(name);
        if (field === undefined) throw new DataException(`Field does not exist: ${name}`);
        builder.field(name, field.schema);
      }
      keySchema = builder.build();
      this.#keySchemaCache.set(value.schema, keySchema);
    }
    const key = new Struct(keySchema);
    for (const name of this.#fields) key.put(name, fieldValue(value, name, this.#replaceNullWithDefault));
    return record.newRecord(record.topic, record.kafkaPartition, keySchema, key, value.schema, value, record.timestamp);
  }

  config() { return configDefOf(VALUE_TO_KEY_CONFIG); }
  close(): void {}
}
