// org.apache.kafka.connect.transforms.MaskField: replaces whole fields with the type's "empty"
// value (0, false, "", empty list/map, epoch) or a configured replacement converted to the
// field's type. Whole-field only; pattern detection inside values is transforms/pii/.
import { DataException, Decimal, Struct, type ConnectRecord, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, nonEmptyList, nonEmptyString, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { className, isSchemalessMap, requireMap, requireStruct } from '../requirements.ts';
import { emptyLike, mapCopy, mapGet, mapSet } from '../schemaless.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';

const PURPOSE = 'mask fields';

export const MASK_FIELD_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'fields', type: 'LIST', importance: 'HIGH', validValues: 'non-empty list', validate: nonEmptyList, doc: 'Names of fields to mask.' },
  {
    name: 'replacement', type: 'STRING', default: null, importance: 'LOW', validValues: 'non-empty string', validate: nonEmptyString,
    doc: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
  },
  REPLACE_NULL_WITH_DEFAULT,
];

function maskWithEmptyValue(value: unknown): unknown {
  switch (typeof value) {
    case 'boolean': return false;
    case 'number': return 0;
    case 'bigint': return 0n;
    case 'string': return '';
    default: break;
  }
  if (value instanceof Decimal) return new Decimal(0n, value.scale);
  if (value instanceof Date) return new Date(0);
  if (Array.isArray(value)) return [];
  if (isSchemalessMap(value)) return emptyLike(value);
  throw new DataException(`Cannot mask value of type: ${className(value)}`);
}

function maskWithReplacement(value: unknown, replacement: string): unknown {
  const notANumber = (): never => {
    throw new DataException(`Unable to convert ${replacement} (string) to number`);
  };
  switch (typeof value) {
    case 'string': return replacement;
    case 'number': {
      const n = Number(replacement);
      if (replacement.trim() === '' || Number.isNaN(n)) notANumber();
      return n;
    }
    case 'bigint':
      if (!/^\s*[+-]?\d+\s*$/.test(replacement)) notANumber();
      return BigInt(replacement.trim());
    default: break;
  }
  if (value instanceof Decimal) {
    try {
      return Decimal.parse(replacement).withScale(value.scale);
    } catch {
      return notANumber();
    }
  }
  throw new DataException(`Cannot mask value of type ${className(value)} with custom replacement.`);
}

export class MaskField<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #fields: ReadonlySet<string> = new Set();
  #replacement: string | null = null;
  #replaceNullWithDefault = true;

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(MASK_FIELD_CONFIG, configs);
    this.#fields = new Set(values.fields);
    this.#replacement = values.replacement;
    this.#replaceNullWithDefault = values['replace.null.with.default'];
  }

  apply(record: R): R {
    const value = this.#operand.value(record);
    if (this.#operand.schema(record) === null) {
      const map = requireMap(value, PURPOSE);
      const updated = mapCopy(map);
      for (const field of this.#fields) mapSet(updated, field, this.#masked(mapGet(map, field) ?? null));
      return this.#operand.update(record, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(struct.schema);
    for (const field of struct.schema.fields()) {
      const original = fieldValue(struct, field, this.#replaceNullWithDefault);
      updated.put(field, this.#fields.has(field.name) ? this.#masked(original) : original);
    }
    return this.#operand.update(record, struct.schema, updated);
  }

  #masked(value: unknown): unknown {
    if (value === null) return null;
    return this.#replacement === null ? maskWithEmptyValue(value) : maskWithReplacement(value, this.#replacement);
  }

  config() { return configDefOf(MASK_FIELD_CONFIG); }
  close(): void {}
}
