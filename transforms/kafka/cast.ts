// org.apache.kafka.connect.transforms.Cast: casts top-level fields (or the whole key/value) to
// another primitive type. Updated schemas are cached per input schema.
import { ConfigException, SchemaBuilder, Struct, copySchemaBasics, type ConnectRecord, type Schema, type SchemaType, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { requireMap, requireStruct } from '../requirements.ts';
import { mapCopy, mapGet, mapSet } from '../schemaless.ts';
import { CAST_OUTPUT_TYPES, castValueToType } from './cast-values.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';

const PURPOSE = 'cast types';

export const CAST_CONFIG: readonly ConfigKeySpec[] = [
  {
    name: 'spec', type: 'LIST', importance: 'HIGH',
    validValues: 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz',
    doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. ' +
      'A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. ' +
      'Note that binary fields can only be cast to string.',
    validate: (value: string[]) => {
      if (value.length === 0) throw new ConfigException('Must specify at least one field to cast.');
      parseCastSpec(value);
    },
  },
  REPLACE_NULL_WITH_DEFAULT,
];

interface CastSpec {
  readonly fields: ReadonlyMap<string, SchemaType>;
  readonly wholeValue: SchemaType | null;
}

function outputType(text: string): SchemaType {
  const upper = text.trim().toUpperCase();
  const known: readonly string[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT'];
  if (!known.includes(upper)) throw new ConfigException(`Invalid type found in casting spec: ${text.trim()}`);
  if (!CAST_OUTPUT_TYPES.includes(upper as SchemaType)) {
    throw new ConfigException(`Cast transformation does not support casting to ${upper}; supported types are [${CAST_OUTPUT_TYPES.join(', ')}]`);
  }
  return upper as SchemaType;
}

export function parseCastSpec(mappings: readonly string[]): CastSpec {
  const fields = new Map<string, SchemaType>();
  let wholeValue: SchemaType | null = null;
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length > 2) throw new ConfigException('renames', mappings.join(','), `Invalid rename mapping: ${mapping}`);
    if (parts.length === 1) wholeValue = outputType(parts[0]);
    else fields.set(parts[0].trim(), outputType(parts[1]));
  }
  if (wholeValue !== null && mappings.length > 1) {
    throw new ConfigException('Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec');
  }
  return { fields, wholeValue };
}

function builderFor(type: SchemaType): SchemaBuilder {
  return new SchemaBuilder(type);
}

export class Cast<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #spec: CastSpec = { fields: new Map(), wholeValue: null };
  #replaceNullWithDefault = true;
  #schemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(CAST_CONFIG, configs);
    this.#spec = parseCastSpec(values.spec);
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    this.#schemaCache = new WeakMap();
  }

  apply(record: R): R {
    const value = this.#operand.value(record);
    if (value === null) return record;
    const schema = this.#operand.schema(record);
    return schema === null ? this.#applySchemaless(record, value) : this.#applyWithSchema(record, schema, value);
  }

  #applySchemaless(record: R, value: unknown): R {
    if (this.#spec.wholeValue !== null) {
      return this.#operand.update(record, null, castValueToType(null, value, this.#spec.wholeValue));
    }
    const map = requireMap(value, PURPOSE);
    const updated = mapCopy(map);
    for (const [field, type] of this.#spec.fields) mapSet(updated, field, castValueToType(null, mapGet(map, field) ?? null, type));
    return this.#operand.update(record, null, updated);
  }

  #applyWithSchema(record: R, schema: Schema, value: unknown): R {
    const updatedSchema = this.#updatedSchema(schema);
    if (this.#spec.wholeValue !== null) {
      return this.#operand.update(record, updatedSchema, castValueToType(schema, value, this.#spec.wholeValue));
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of struct.schema.fields()) {
      const original = fieldValue(struct, field, this.#replaceNullWithDefault);
      const target = this.#spec.fields.get(field.name);
      updated.put(field.name, target !== undefined ? castValueToType(field.schema, original, target) : original);
    }
    return this.#operand.update(record, updatedSchema, updated);
  }

  #updatedSchema(schema: Schema): Schema {
    const cached = this.#schemaCache.get(schema);
    if (cached !== undefined) return cached;
    let builder: SchemaBuilder;
    if (this.#spec.wholeValue !== null) {
      builder = copySchemaBasics(schema, builderFor(this.#spec.wholeValue));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields()) {
        const target = this.#spec.fields.get(field.name);
        if (target === undefined) { builder.field(field.name, field.schema); continue; }
        const fieldBuilder = builderFor(target);
        if (field.schema.isOptional) fieldBuilder.optional();
        if (field.schema.defaultValue !== undefined && field.schema.defaultValue !== null) {
          fieldBuilder.defaultValue(castValueToType(field.schema, field.schema.defaultValue, target));
        }
        builder.field(field.name, fieldBuilder.build());
      }
    }
    if (schema.isOptional) builder.optional();
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      builder.defaultValue(castValueToType(schema, schema.defaultValue, builder.type));
    }
    const built = builder.build();
    this.#schemaCache.set(schema, built);
    return built;
  }

  config() {
    return configDefOf(CAST_CONFIG);
  }

  close(): void {}
}
