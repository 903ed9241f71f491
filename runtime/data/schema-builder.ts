import { SchemaBuilderException } from '../api/errors.ts';
import { ConnectSchema, Field, type Schema, type SchemaType } from './schema.ts';
import { validateValue } from './validate-value.ts';

/** Where a schema is expected, a builder is accepted too and built on the spot. */
export type SchemaLike = Schema | SchemaBuilder;

export function toSchema(schema: SchemaLike): Schema {
  return schema instanceof SchemaBuilder ? schema.build() : schema;
}

/**
 * Fluent schema construction, as Kafka's SchemaBuilder:
 * `SchemaBuilder.struct().name('com.example.User').field('id', INT64_SCHEMA).optional().build()`.
 * Each metadata property may be set once; setting it twice is a SchemaBuilderException.
 */
export class SchemaBuilder {
  readonly type: SchemaType;
  #optional: boolean | undefined;
  #defaultValue: unknown;
  #name: string | undefined;
  #version: number | undefined;
  #doc: string | undefined;
  #parameters: Record<string, string> | undefined;
  readonly #fields: Field[] = [];
  readonly #keySchema: Schema | undefined;
  readonly #valueSchema: Schema | undefined;

  constructor(type: SchemaType, keySchema?: Schema, valueSchema?: Schema) {
    this.type = type;
    this.#keySchema = keySchema;
    this.#valueSchema = valueSchema;
  }

  static type(type: SchemaType): SchemaBuilder {
    if (type === 'ARRAY' || type === 'MAP') {
      throw new SchemaBuilderException(`Use SchemaBuilder.${type.toLowerCase()}() to build ${type} schemas`);
    }
    return new SchemaBuilder(type);
  }

  static int8(): SchemaBuilder { return new SchemaBuilder('INT8'); }
  static int16(): SchemaBuilder { return new SchemaBuilder('INT16'); }
  static int32(): SchemaBuilder { return new SchemaBuilder('INT32'); }
  static int64(): SchemaBuilder { return new SchemaBuilder('INT64'); }
  static float32(): SchemaBuilder { return new SchemaBuilder('FLOAT32'); }
  static float64(): SchemaBuilder { return new SchemaBuilder('FLOAT64'); }
  static bool(): SchemaBuilder { return new SchemaBuilder('BOOLEAN'); }
  static string(): SchemaBuilder { return new SchemaBuilder('STRING'); }
  static bytes(): SchemaBuilder { return new SchemaBuilder('BYTES'); }
  static struct(): SchemaBuilder { return new SchemaBuilder('STRUCT'); }

  static array(valueSchema: SchemaLike): SchemaBuilder {
    if (valueSchema == null) throw new SchemaBuilderException('valueSchema cannot be null.');
    return new SchemaBuilder('ARRAY', undefined, toSchema(valueSchema));
  }

  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    if (keySchema == null) throw new SchemaBuilderException('keySchema cannot be null.');
    if (valueSchema == null) throw new SchemaBuilderException('valueSchema cannot be null.');
    return new SchemaBuilder('MAP', toSchema(keySchema), toSchema(valueSchema));
  }

  optional(): this {
    this.#checkUnset('optionality', this.#optional);
    this.#optional = true;
    return this;
  }

  required(): this {
    this.#checkUnset('optionality', this.#optional);
    this.#optional = false;
    return this;
  }

  /** The default must be a valid value of this schema (checked now, as Kafka does). */
  defaultValue(value: unknown): this {
    this.#checkUnset('default', this.#defaultValue);
    if (value === undefined || value === null) {
      throw new SchemaBuilderException('Invalid default value: a default cannot be null');
    }
    try {
      validateValue(this.#snapshot(), value);
    } catch (e) {
      throw new SchemaBuilderException(`Invalid default value: ${(e as Error).message}`, { cause: e });
    }
    this.#defaultValue = value;
    return this;
  }

  name(name: string): this {
    this.#checkUnset('name', this.#name);
    this.#name = name;
    return this;
  }

  version(version: number): this {
    this.#checkUnset('version', this.#version);
    this.#version = version;
    return this;
  }

  doc(doc: string): this {
    this.#checkUnset('doc', this.#doc);
    this.#doc = doc;
    return this;
  }

  parameter(key: string, value: string): this {
    this.#parameters ??= {};
    this.#parameters[key] = value;
    return this;
  }

  parameters(parameters: Readonly<Record<string, string>>): this {
    this.#parameters = { ...(this.#parameters ?? {}), ...parameters };
    return this;
  }

  /** STRUCT only: appends a field; its index is its position. */
  field(name: string, schema: SchemaLike): this {
    if (this.type !== 'STRUCT') throw new SchemaBuilderException('Cannot create fields on type ' + this.type);
    if (name == null || name === '') throw new SchemaBuilderException('fieldName cannot be null.');
    if (schema == null) throw new SchemaBuilderException('fieldSchema for field ' + name + ' cannot be null.');
    if (this.#fields.some((f) => f.name === name)) {
      throw new SchemaBuilderException('Cannot create field because of field name duplication ' + name);
    }
    this.#fields.push(new Field(name, this.#fields.length, toSchema(schema)));
    return this;
  }

  /** The fields added so far (STRUCT only). */
  fields(): readonly Field[] {
    if (this.type !== 'STRUCT') throw new SchemaBuilderException('Cannot list fields on non-struct type');
    return [...this.#fields];
  }

  build(): Schema {
    return this.#snapshot(this.#defaultValue);
  }

  #snapshot(defaultValue?: unknown): Schema {
    return new ConnectSchema({
      type: this.type,
      isOptional: this.#optional ?? false,
      defaultValue,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters,
      fields: this.type === 'STRUCT' ? this.#fields : undefined,
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema,
    });
  }

  #checkUnset(what: string, current: unknown): void {
    if (current !== undefined) {
      throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${what} has already been set.`);
    }
  }
}

/** Copies name, version, doc and parameters of `source` onto `builder` (Kafka's SchemaUtil). */
export function copySchemaBasics(source: Schema, builder: SchemaBuilder): SchemaBuilder {
  if (source.name !== undefined) builder.name(source.name);
  if (source.version !== undefined) builder.version(source.version);
  if (source.doc !== undefined) builder.doc(source.doc);
  if (source.parameters !== undefined) builder.parameters(source.parameters);
  return builder;
}
