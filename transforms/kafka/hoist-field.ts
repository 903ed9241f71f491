// org.apache.kafka.connect.transforms.HoistField: wraps the key/value in a one-field struct or map.
import { SchemaBuilder, Struct, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';

export const HOIST_FIELD_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'field', type: 'STRING', importance: 'MEDIUM', doc: 'Field name for the single field that will be created in the resulting Struct or Map.' },
];

export class HoistField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #field = '';
  #schemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    this.#field = parseConfig(HOIST_FIELD_CONFIG, configs).field;
    this.#schemaCache = new WeakMap();
  }

  apply(record: R): R {
    const schema = this.#operand.schema(record);
    const value = this.#operand.value(record);
    if (schema === null) {
      // A plain object, like the schemaless maps JsonConverter produces.
      return this.#operand.update(record, null, { [this.#field]: value });
    }
    let updated = this.#schemaCache.get(schema);
    if (updated === undefined) {
      updated = SchemaBuilder.struct().field(this.#field, schema).build();
      this.#schemaCache.set(schema, updated);
    }
    return this.#operand.update(record, updated, new Struct(updated).put(this.#field, value));
  }

  config() { return configDefOf(HOIST_FIELD_CONFIG); }
  close(): void {}
}
