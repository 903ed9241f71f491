// org.apache.kafka.connect.transforms.HeaderFrom: moves or copies top-level fields into headers
// (fields[i] → headers[i]).
import { ConfigException, Struct, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, nonEmptyList, oneOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { requireMap, requireStruct } from '../requirements.ts';
import { mapCopy, mapDelete, mapGet } from '../schemaless.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';
import { structLike } from './schema-copy.ts';

export const HEADER_FROM_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'fields', type: 'LIST', importance: 'HIGH', validValues: 'non-empty list', validate: nonEmptyList, doc: 'Field names in the record whose values are to be copied or moved to headers.' },
  { name: 'headers', type: 'LIST', importance: 'HIGH', validValues: 'non-empty list', validate: nonEmptyList, doc: 'Header names, in the same order as the field names listed in the fields configuration property.' },
  {
    name: 'operation', type: 'STRING', importance: 'HIGH', validValues: '[move, copy]', validate: oneOf('move', 'copy'),
    doc: 'Either move if the fields are to be moved to the headers (removed from the key/value), or copy if the fields are to be copied to the headers (retained in the key/value).',
  },
  REPLACE_NULL_WITH_DEFAULT,
];

export class HeaderFrom<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #fields: readonly string[] = [];
  #headers: readonly string[] = [];
  #move = false;
  #replaceNullWithDefault = true;
  #moveSchemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(HEADER_FROM_CONFIG, configs);
    if (values.fields.length !== values.headers.length) {
      throw new ConfigException(`'fields' config must have the same number of elements as 'headers' config.`);
    }
    this.#fields = values.fields;
    this.#headers = values.headers;
    this.#move = values.operation === 'move';
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    this.#moveSchemaCache = new WeakMap();
  }

  apply(record: R): R {
    const schema = this.#operand.schema(record);
    const value = this.#operand.value(record);
    const headers = record.headers.duplicate();
    const purpose = `header ${this.#move ? 'move' : 'copy'}`;
    if (schema === null) {
      const map = requireMap(value, purpose);
      const updated = mapCopy(map);
      this.#fields.forEach((field, i) => {
        if (this.#move) mapDelete(updated, field);
        headers.add(this.#headers[i], mapGet(map, field) ?? null, null);
      });
      return this.#operand.update(record, null, updated, headers);
    }
    const struct = requireStruct(value, purpose);
    let updatedSchema = schema;
    let updated = struct;
    if (this.#move) {
      updatedSchema = this.#moveSchema(schema);
      updated = new Struct(updatedSchema);
      for (const field of updatedSchema.fields()) updated.put(field.name, fieldValue(struct, field.name, this.#replaceNullWithDefault));
    }
    this.#fields.forEach((name, i) => {
      const field = schema.field(name);
      const fieldVal = field !== undefined ? fieldValue(struct, field, this.#replaceNullWithDefault) : null;
      headers.add(this.#headers[i], fieldVal, field?.schema ?? null);
    });
    return this.#operand.update(record, updatedSchema, updated, headers);
  }

  #moveSchema(schema: Schema): Schema {
    let moved = this.#moveSchemaCache.get(schema);
    if (moved === undefined) {
      const builder = structLike(schema);
      for (const field of schema.fields()) if (!this.#fields.includes(field.name)) builder.field(field.name, field.schema);
      moved = builder.build();
      this.#moveSchemaCache.set(schema, moved);
    }
    return moved;
  }

  config() { return configDefOf(HEADER_FROM_CONFIG); }
  close(): void {}
}
