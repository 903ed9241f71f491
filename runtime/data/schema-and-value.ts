import type { Schema } from './schema.ts';
import { valuesEqual } from './values-equal.ts';

/** A value with its schema; `schema` is null for schemaless data. */
export class SchemaAndValue {
  static readonly NULL = new SchemaAndValue(null, null);

  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(schema: Schema | null, value: unknown) {
    this.schema = schema;
    this.value = value;
    Object.freeze(this);
  }

  equals(other: unknown): boolean {
    if (!(other instanceof SchemaAndValue)) return false;
    const schemasMatch = this.schema === null ? other.schema === null : this.schema.equals(other.schema);
    return schemasMatch && valuesEqual(this.value, other.value);
  }
}
