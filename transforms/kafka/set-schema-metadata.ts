// org.apache.kafka.connect.transforms.SetSchemaMetadata: sets the key/value schema's name and/or
// version; a struct value is re-homed onto the updated schema.
import { ConfigException, ConnectSchema, Struct, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { requireSchema } from '../requirements.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';

export const SET_SCHEMA_METADATA_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'schema.name', type: 'STRING', default: null, importance: 'HIGH', doc: 'Schema name to set.' },
  { name: 'schema.version', type: 'INT', default: null, importance: 'HIGH', doc: 'Schema version to set.' },
  REPLACE_NULL_WITH_DEFAULT,
];

export class SetSchemaMetadata<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #name: string | null = null;
  #version: number | null = null;
  #replaceNullWithDefault = true;

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(SET_SCHEMA_METADATA_CONFIG, configs);
    this.#name = values['schema.name'];
    this.#version = values['schema.version'];
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    if (this.#name === null && this.#version === null) throw new ConfigException('Neither schema name nor version configured');
  }

  apply(record: R): R {
    const value = this.#operand.value(record);
    const original = this.#operand.schema(record);
    if (value === null && original === null) return record;
    const schema = requireSchema(original, 'updating schema metadata');
    const updated: Schema = new ConnectSchema({
      type: schema.type,
      isOptional: schema.isOptional,
      defaultValue: schema.defaultValue,
      name: this.#name ?? schema.name,
      version: this.#version ?? schema.version,
      doc: schema.doc,
      parameters: schema.parameters,
      fields: schema.type === 'STRUCT' ? schema.fields() : undefined,
      keySchema: schema.type === 'MAP' ? schema.keySchema : undefined,
      valueSchema: schema.type === 'MAP' || schema.type === 'ARRAY' ? schema.valueSchema : undefined,
    });
    return this.#operand.update(record, updated, this.#rehome(value, updated));
  }

  // A Struct carries its schema: keep it consistent with the record's new schema.
  #rehome(value: unknown, schema: Schema): unknown {
    if (!(value instanceof Struct)) return value;
    const updated = new Struct(schema);
    for (const field of value.schema.fields()) updated.put(field.name, fieldValue(value, field, this.#replaceNullWithDefault));
    return updated;
  }

  config() { return configDefOf(SET_SCHEMA_METADATA_CONFIG); }
  close(): void {}
}
