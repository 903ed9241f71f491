// org.apache.kafka.connect.transforms.ExtractField: replaces the key/value with one of its fields
// (nested with field.syntax.version=V2). Null values pass through.
import { type ConnectRecord, type Field, type Schema, type Struct, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, caseInsensitiveOneOf, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import { FIELD_SYNTAX_VERSION_CONFIG, FIELD_SYNTAX_VERSION_DOC, parseFieldPath, parseFieldSyntaxVersion } from '../field/single-field-path.ts';
import type { Operand } from '../operand.ts';
import { requireMapOrNull, requireStructOrNull, type SchemalessMap } from '../requirements.ts';
import { mapGet } from '../schemaless.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';

const PURPOSE = 'field extraction';

export const FIELD_SYNTAX_VERSION: ConfigKeySpec = {
  name: FIELD_SYNTAX_VERSION_CONFIG, type: 'STRING', default: 'V1', importance: 'HIGH',
  validValues: '(case insensitive) [V1, V2]', validate: caseInsensitiveOneOf('V1', 'V2'), doc: FIELD_SYNTAX_VERSION_DOC,
};

export const EXTRACT_FIELD_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'field', type: 'STRING', importance: 'MEDIUM', doc: 'Field name to extract.' },
  REPLACE_NULL_WITH_DEFAULT,
  FIELD_SYNTAX_VERSION,
];

export class ExtractField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #path: readonly string[] = [];
  #original = '';
  #replaceNullWithDefault = true;

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(EXTRACT_FIELD_CONFIG, configs);
    this.#original = values.field;
    this.#path = parseFieldPath(values.field, parseFieldSyntaxVersion(values[FIELD_SYNTAX_VERSION_CONFIG]));
    this.#replaceNullWithDefault = values['replace.null.with.default'];
  }

  apply(record: R): R {
    const schema = this.#operand.schema(record);
    const value = this.#operand.value(record);
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE);
      return this.#operand.update(record, null, map === null ? null : this.#fromMap(map));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const field = this.#fieldFrom(schema);
    // Kafka throws IllegalArgumentException here (not a DataException): a config/schema mismatch.
    if (field === undefined) throw new Error(`Unknown field: ${this.#original}`);
    return this.#operand.update(record, field.schema, struct === null ? null : this.#fromStruct(struct));
  }

  #fieldFrom(schema: Schema): Field | undefined {
    let current = schema;
    for (let i = 0; i < this.#path.length - 1; i++) {
      const field = current.type === 'STRUCT' ? current.field(this.#path[i]) : undefined;
      if (field === undefined) return undefined;
      current = field.schema;
    }
    return current.type === 'STRUCT' ? current.field(this.#path[this.#path.length - 1]) : undefined;
  }

  #fromStruct(struct: Struct): unknown {
    let current: Struct | null = struct;
    for (let i = 0; i < this.#path.length - 1; i++) {
      if (current.schema.field(this.#path[i]) === undefined) return null;
      current = requireStructOrNull(current.get(this.#path[i]), 'nested field access');
      if (current === null) return null;
    }
    const last = this.#path[this.#path.length - 1];
    return current.schema.field(last) === undefined ? null : fieldValue(current, last, this.#replaceNullWithDefault);
  }

  #fromMap(map: SchemalessMap): unknown {
    let current: SchemalessMap | null = map;
    for (let i = 0; i < this.#path.length - 1; i++) {
      current = requireMapOrNull(mapGet(current, this.#path[i]) ?? null, 'nested field access');
      if (current === null) return null;
    }
    return mapGet(current, this.#path[this.#path.length - 1]) ?? null;
  }

  config() { return configDefOf(EXTRACT_FIELD_CONFIG); }
  close(): void {}
}
