// org.apache.kafka.connect.transforms.ReplaceField: keeps (`include`), drops (`exclude`, which
// wins) and renames (`renames=old:new`) top-level fields. `blacklist`/`whitelist` are the
// deprecated names of `exclude`/`include`, still honoured when the new name is not set.
import { ConfigException, Struct, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { requireMap, requireStruct } from '../requirements.ts';
import { emptyLike, mapEntries, mapSet } from '../schemaless.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';
import { structLike } from './schema-copy.ts';

const PURPOSE = 'field replacement';

export function parseRenameMappings(mappings: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length !== 2) throw new ConfigException('renames', mappings, `Invalid rename mapping: ${mapping}`);
    renames.set(parts[0], parts[1]);
  }
  return renames;
}

export const REPLACE_FIELD_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'exclude', type: 'LIST', default: [], importance: 'MEDIUM', doc: 'Fields to exclude. This takes precedence over the fields to include.' },
  { name: 'include', type: 'LIST', default: [], importance: 'MEDIUM', doc: 'Fields to include. If specified, only these fields will be used.' },
  {
    name: 'renames', type: 'LIST', default: [], importance: 'MEDIUM', validValues: 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz',
    validate: (value: string[]) => { parseRenameMappings(value); }, doc: 'Field rename mappings.',
  },
  REPLACE_NULL_WITH_DEFAULT,
  { name: 'blacklist', type: 'LIST', default: [], importance: 'LOW', doc: 'Deprecated. Use exclude instead.' },
  { name: 'whitelist', type: 'LIST', default: [], importance: 'LOW', doc: 'Deprecated. Use include instead.' },
];

export class ReplaceField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #exclude: ReadonlySet<string> = new Set();
  #include: ReadonlySet<string> = new Set();
  #renames: ReadonlyMap<string, string> = new Map();
  #reverse: ReadonlyMap<string, string> = new Map();
  #replaceNullWithDefault = true;
  #schemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(REPLACE_FIELD_CONFIG, configs);
    // The new name wins when both are given (Kafka logs a warning and ignores the old one).
    this.#exclude = new Set(configs.exclude !== undefined ? values.exclude : values.blacklist);
    this.#include = new Set(configs.include !== undefined ? values.include : values.whitelist);
    this.#renames = parseRenameMappings(values.renames);
    this.#reverse = new Map([...this.#renames].map(([from, to]) => [to, from]));
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    this.#schemaCache = new WeakMap();
  }

  #keep(name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name));
  }

  #renamed(name: string): string {
    return this.#renames.get(name) ?? name;
  }

  apply(record: R): R {
    const value = this.#operand.value(record);
    if (value === null) return record;
    const schema = this.#operand.schema(record);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const updated = emptyLike(map);
      for (const [name, fieldVal] of mapEntries(map)) if (this.#keep(name)) mapSet(updated, this.#renamed(name), fieldVal);
      return this.#operand.update(record, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const updatedSchema = this.#updatedSchema(struct.schema);
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields()) {
      updated.put(field.name, fieldValue(struct, this.#reverse.get(field.name) ?? field.name, this.#replaceNullWithDefault));
    }
    return this.#operand.update(record, updatedSchema, updated);
  }

  #updatedSchema(schema: Schema): Schema {
    let updated = this.#schemaCache.get(schema);
    if (updated === undefined) {
      const builder = structLike(schema);
      for (const field of schema.fields()) if (this.#keep(field.name)) builder.field(this.#renamed(field.name), field.schema);
      updated = builder.build();
      this.#schemaCache.set(schema, updated);
    }
    return updated;
  }

  config() { return configDefOf(REPLACE_FIELD_CONFIG); }
  close(): void {}
}
