import { DataException } from '../api/errors.ts';
import type { Decimal } from './decimal.ts';
import type { Field, Schema, SchemaType } from './schema.ts';
import { validateValue } from './validate-value.ts';
import { valuesEqual } from './values-equal.ts';
import { formatValue } from './format-value.ts';

/**
 * A value of a STRUCT schema. `put` checks each value against its field's schema immediately, so
 * a bad value fails where it is written, not later in a converter; `validate` checks that every
 * required field is set.
 */
export class Struct {
  readonly schema: Schema;
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataException(`Not a struct schema: ${schema.toString()}`);
    this.schema = schema;
    this.#values = new Array<unknown>(schema.fields().length).fill(null);
  }

  /** The field's value, or its schema's default when unset. */
  get(field: string | Field): unknown {
    const f = this.#lookup(field);
    const value = this.#values[f.index];
    return value === null && f.schema.defaultValue !== undefined ? f.schema.defaultValue : value;
  }

  /** The field's value without falling back to the default (null when unset). */
  getWithoutDefault(field: string | Field): unknown {
    return this.#values[this.#lookup(field).index];
  }

  getInt8(field: string): number | null { return this.#typed(field, 'INT8') as number | null; }
  getInt16(field: string): number | null { return this.#typed(field, 'INT16') as number | null; }
  getInt32(field: string): number | null { return this.#typed(field, 'INT32') as number | null; }
  getInt64(field: string): bigint | null { return this.#typed(field, 'INT64') as bigint | null; }
  getFloat32(field: string): number | null { return this.#typed(field, 'FLOAT32') as number | null; }
  getFloat64(field: string): number | null { return this.#typed(field, 'FLOAT64') as number | null; }
  getBoolean(field: string): boolean | null { return this.#typed(field, 'BOOLEAN') as boolean | null; }
  getString(field: string): string | null { return this.#typed(field, 'STRING') as string | null; }
  getBytes(field: string): Uint8Array | null { return this.#typed(field, 'BYTES') as Uint8Array | null; }
  getDecimal(field: string): Decimal | null { return this.#typed(field, 'BYTES') as Decimal | null; }
  getArray<T = unknown>(field: string): T[] | null { return this.#typed(field, 'ARRAY') as T[] | null; }
  getMap<K = unknown, V = unknown>(field: string): Map<K, V> | null {
    return this.#typed(field, 'MAP') as Map<K, V> | null;
  }
  getStruct(field: string): Struct | null { return this.#typed(field, 'STRUCT') as Struct | null; }

  /** Sets a field, validating the value against the field's schema first. */
  put(field: string | Field, value: unknown): this {
    const f = this.#lookup(field);
    validateValue(f.schema, value, f.name);
    this.#values[f.index] = value ?? null;
    return this;
  }

  /**
   * Throws DataException if a required field without default is unset, here or in a nested
   * struct. Values were already checked by `put`, so only completeness is left to check: this
   * keeps putting a struct into another struct (which validates it) linear in its size.
   */
  validate(): void {
    for (const field of this.schema.fields()) {
      const value = this.#values[field.index];
      if (value === null) {
        if (field.schema.isOptional || field.schema.defaultValue !== undefined) continue;
        validateValue(field.schema, value, field.name);
      } else if (value instanceof Struct) {
        value.validate();
      }
    }
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Struct) || !this.schema.equals(other.schema)) return false;
    return this.#values.every((v, i) => valuesEqual(v, other.#values[i]));
  }

  /** `Struct{name=value,…}` listing the fields that are set, as Kafka prints it. */
  toString(): string {
    const parts: string[] = [];
    for (const field of this.schema.fields()) {
      const value = this.#values[field.index];
      if (value !== null) parts.push(`${field.name}=${formatValue(value)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }

  #lookup(field: string | Field): Field {
    if (field == null) throw new DataException('field cannot be null.');
    if (typeof field !== 'string') {
      if (this.schema.fields()[field.index] !== field && !this.schema.fields()[field.index]?.equals(field)) {
        throw new DataException(`${field.name} is not a valid field of this struct's schema`);
      }
      return field;
    }
    const found = this.schema.field(field);
    if (found === undefined) throw new DataException(`${field} is not a valid field name`);
    return found;
  }

  #typed(fieldName: string, type: SchemaType): unknown {
    const f = this.#lookup(fieldName);
    if (f.schema.type !== type) throw new DataException(`Field '${fieldName}' is not of type ${type}`);
    return this.get(f);
  }
}
