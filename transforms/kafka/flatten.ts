// org.apache.kafka.connect.transforms.Flatten: nested structs/maps become top-level fields named
// by joining the path with `delimiter`. Arrays are kept as they are.
import { DataException, Struct, type ConnectRecord, type Schema, type SchemaBuilder, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { className, requireMap, requireStructOrNull, type SchemalessMap } from '../requirements.ts';
import { emptyLike, mapEntries, mapSet } from '../schemaless.ts';
import { inferSchemaType } from './cast-values.ts';
import { builderLike, structLike } from './schema-copy.ts';

const PURPOSE = 'flattening';
const LEAF_TYPES = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY']);

export const FLATTEN_CONFIG: readonly ConfigKeySpec[] = [
  {
    name: 'delimiter', type: 'STRING', default: '.', importance: 'MEDIUM',
    doc: 'Delimiter to insert between field names from the input record when generating field names for the output record',
  },
];

export class Flatten<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #delimiter = '.';
  #schemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    // Not trimmed: a space is a legitimate delimiter.
    this.#delimiter = configs.delimiter === undefined ? parseConfig(FLATTEN_CONFIG, configs).delimiter : String(configs.delimiter);
    this.#schemaCache = new WeakMap();
  }

  apply(record: R): R {
    const value = this.#operand.value(record);
    if (value === null) return record;
    const schema = this.#operand.schema(record);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const out = emptyLike(map);
      this.#flattenMap(map, '', out);
      return this.#operand.update(record, null, out);
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#updatedSchema(schema);
    if (struct === null) return this.#operand.update(record, updatedSchema, null);
    const out = new Struct(updatedSchema);
    this.#flattenStruct(struct, '', out);
    return this.#operand.update(record, updatedSchema, out);
  }

  #name(prefix: string, field: string): string {
    return prefix === '' ? field : prefix + this.#delimiter + field;
  }

  #flattenMap(map: SchemalessMap, prefix: string, out: SchemalessMap): void {
    for (const [key, value] of mapEntries(map)) {
      const name = this.#name(prefix, key);
      if (value === null || value === undefined) { mapSet(out, name, null); continue; }
      const type = inferSchemaType(value);
      if (type === null) {
        throw new DataException(`Flatten transformation was passed a value of type ${className(value)} which is not supported by Connect's data API`);
      }
      if (LEAF_TYPES.has(type)) mapSet(out, name, value);
      else if (type === 'MAP') this.#flattenMap(value as SchemalessMap, name, out);
      else throw new DataException(`Flatten transformation does not support ${className(value)} for record without schemas (for field ${name}).`);
    }
  }

  #updatedSchema(schema: Schema): Schema {
    let updated = this.#schemaCache.get(schema);
    if (updated === undefined) {
      const builder = structLike(schema);
      this.#buildSchema(schema, '', builder, schema.isOptional, schema.defaultValue instanceof Struct ? schema.defaultValue : null);
      updated = builder.build();
      this.#schemaCache.set(schema, updated);
    }
    return updated;
  }

  #buildSchema(schema: Schema, prefix: string, out: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const field of schema.fields()) {
      const name = this.#name(prefix, field.name);
      const fieldOptional = optional || field.schema.isOptional;
      let fieldDefault: unknown = null;
      if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) fieldDefault = field.schema.defaultValue;
      else if (parentDefault !== null) fieldDefault = parentDefault.get(field);
      if (LEAF_TYPES.has(field.schema.type)) {
        const builder = builderLike(field.schema);
        if (fieldOptional) builder.optional();
        if (fieldDefault !== null && fieldDefault !== undefined) builder.defaultValue(fieldDefault);
        out.field(name, builder.build());
      } else if (field.schema.type === 'STRUCT') {
        this.#buildSchema(field.schema, name, out, fieldOptional, fieldDefault instanceof Struct ? fieldDefault : null);
      } else {
        throw new DataException(`Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`);
      }
    }
  }

  #flattenStruct(struct: Struct | null, prefix: string, out: Struct): void {
    if (struct === null) return;
    for (const field of struct.schema.fields()) {
      const name = this.#name(prefix, field.name);
      if (LEAF_TYPES.has(field.schema.type)) out.put(name, struct.get(field));
      else if (field.schema.type === 'STRUCT') this.#flattenStruct(struct.get(field) as Struct | null, name, out);
      else throw new DataException(`Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`);
    }
  }

  config() { return configDefOf(FLATTEN_CONFIG); }
  close(): void {}
}
