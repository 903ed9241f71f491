import { DataException } from '../api/errors.ts';
import { valuesEqual } from './values-equal.ts';

export type SchemaType =
  | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64'
  | 'BOOLEAN' | 'STRING' | 'BYTES' | 'ARRAY' | 'MAP' | 'STRUCT';

export const PRIMITIVE_TYPES: readonly SchemaType[] = [
  'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES',
];

export function isPrimitiveType(type: SchemaType): boolean {
  return PRIMITIVE_TYPES.includes(type);
}

/**
 * An immutable Connect schema. Absent metadata is `undefined` (Kafka's `null`); a schema has a
 * default value only when `defaultValue !== undefined`.
 */
export interface Schema {
  readonly type: SchemaType;
  readonly isOptional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | undefined;
  readonly version: number | undefined;
  readonly doc: string | undefined;
  readonly parameters: Readonly<Record<string, string>> | undefined;
  /** MAP only. */
  readonly keySchema: Schema | undefined;
  /** ARRAY and MAP only. */
  readonly valueSchema: Schema | undefined;
  /** STRUCT only: the fields in declaration order. Throws DataException on other types. */
  fields(): readonly Field[];
  /** STRUCT only: the field with that name, or undefined. Throws DataException on other types. */
  field(name: string): Field | undefined;
  equals(other: unknown): boolean;
  toString(): string;
}

export class Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;

  constructor(name: string, index: number, schema: Schema) {
    this.name = name;
    this.index = index;
    this.schema = schema;
  }

  equals(other: unknown): boolean {
    return other instanceof Field && other.name === this.name && other.index === this.index &&
      this.schema.equals(other.schema);
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${this.schema.toString()}}`;
  }
}

export interface SchemaProperties {
  type: SchemaType;
  isOptional?: boolean;
  defaultValue?: unknown;
  name?: string;
  version?: number;
  doc?: string;
  parameters?: Readonly<Record<string, string>>;
  fields?: readonly Field[];
  keySchema?: Schema;
  valueSchema?: Schema;
}

/** The one Schema implementation. Most code builds schemas with SchemaBuilder instead. */
export class ConnectSchema implements Schema {
  readonly type: SchemaType;
  readonly isOptional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | undefined;
  readonly version: number | undefined;
  readonly doc: string | undefined;
  readonly parameters: Readonly<Record<string, string>> | undefined;
  readonly keySchema: Schema | undefined;
  readonly valueSchema: Schema | undefined;
  readonly #fields: readonly Field[];
  readonly #fieldsByName: ReadonlyMap<string, Field>;

  constructor(props: SchemaProperties) {
    this.type = props.type;
    this.isOptional = props.isOptional ?? false;
    this.defaultValue = props.defaultValue;
    this.name = props.name;
    this.version = props.version;
    this.doc = props.doc;
    this.parameters = props.parameters ? Object.freeze({ ...props.parameters }) : undefined;
    this.keySchema = props.keySchema;
    this.valueSchema = props.valueSchema;
    this.#fields = Object.freeze([...(props.fields ?? [])]);
    this.#fieldsByName = new Map(this.#fields.map((f) => [f.name, f]));
    Object.freeze(this);
  }

  fields(): readonly Field[] {
    if (this.type !== 'STRUCT') throw new DataException('Cannot list fields on non-struct type');
    return this.#fields;
  }

  field(name: string): Field | undefined {
    if (this.type !== 'STRUCT') throw new DataException('Cannot look up fields on non-struct type');
    return this.#fieldsByName.get(name);
  }

  equals(other: unknown): boolean {
    return schemasEqual(this, other as Schema | null | undefined);
  }

  toString(): string {
    return this.name !== undefined ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

/** Structural schema equality, as Kafka's ConnectSchema.equals (metadata, default, children). */
export function schemasEqual(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  if (a.type !== b.type || a.isOptional !== b.isOptional || a.name !== b.name ||
    a.version !== b.version || a.doc !== b.doc) return false;
  if (!parametersEqual(a.parameters, b.parameters)) return false;
  if (!valuesEqual(a.defaultValue, b.defaultValue)) return false;
  if (a.type === 'STRUCT') {
    const fa = a.fields();
    const fb = b.fields();
    if (fa.length !== fb.length) return false;
    for (let i = 0; i < fa.length; i++) {
      if (fa[i].name !== fb[i].name || fa[i].index !== fb[i].index ||
        !schemasEqual(fa[i].schema, fb[i].schema)) return false;
    }
  }
  if (a.type === 'MAP' && !schemasEqual(a.keySchema, b.keySchema)) return false;
  if ((a.type === 'MAP' || a.type === 'ARRAY') && !schemasEqual(a.valueSchema, b.valueSchema)) return false;
  return true;
}

function parametersEqual(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function primitive(type: SchemaType, isOptional: boolean): Schema {
  return new ConnectSchema({ type, isOptional });
}

export const INT8_SCHEMA = primitive('INT8', false);
export const INT16_SCHEMA = primitive('INT16', false);
export const INT32_SCHEMA = primitive('INT32', false);
export const INT64_SCHEMA = primitive('INT64', false);
export const FLOAT32_SCHEMA = primitive('FLOAT32', false);
export const FLOAT64_SCHEMA = primitive('FLOAT64', false);
export const BOOLEAN_SCHEMA = primitive('BOOLEAN', false);
export const STRING_SCHEMA = primitive('STRING', false);
export const BYTES_SCHEMA = primitive('BYTES', false);

export const OPTIONAL_INT8_SCHEMA = primitive('INT8', true);
export const OPTIONAL_INT16_SCHEMA = primitive('INT16', true);
export const OPTIONAL_INT32_SCHEMA = primitive('INT32', true);
export const OPTIONAL_INT64_SCHEMA = primitive('INT64', true);
export const OPTIONAL_FLOAT32_SCHEMA = primitive('FLOAT32', true);
export const OPTIONAL_FLOAT64_SCHEMA = primitive('FLOAT64', true);
export const OPTIONAL_BOOLEAN_SCHEMA = primitive('BOOLEAN', true);
export const OPTIONAL_STRING_SCHEMA = primitive('STRING', true);
export const OPTIONAL_BYTES_SCHEMA = primitive('BYTES', true);
