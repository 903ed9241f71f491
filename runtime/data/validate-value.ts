import { DataException } from '../api/errors.ts';
import { Decimal } from './decimal.ts';
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical-names.ts';
import type { Schema, SchemaType } from './schema.ts';
import { Struct } from './struct.ts';

const INT_RANGES: Partial<Record<SchemaType, readonly [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Throws DataException unless `value` is a valid value of `schema`, with Kafka's rules: null only
 * for optional schemas; the JS representation must match the type (see the data-model ADR);
 * logical types are checked by their value class; structs must carry an equal schema and be valid
 * themselves; array elements and map entries are checked recursively.
 */
export function validateValue(schema: Schema, value: unknown, fieldName?: string): void {
  if (value === null || value === undefined) {
    if (schema.isOptional) return;
    const where = fieldName !== undefined ? `: "${fieldName}"` : '';
    throw new DataException(`Invalid value: null used for required field${where}, schema type: ${schema.type}`);
  }
  if (schema.name !== undefined && validateLogical(schema, value)) return;
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const [min, max] = INT_RANGES[schema.type]!;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw invalid(schema, value, fieldName);
      }
      return;
    }
    case 'INT64':
      if (typeof value !== 'bigint' || value < INT64_MIN || value > INT64_MAX) throw invalid(schema, value, fieldName);
      return;
    case 'FLOAT32':
    case 'FLOAT64':
      if (typeof value !== 'number') throw invalid(schema, value, fieldName);
      return;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw invalid(schema, value, fieldName);
      return;
    case 'STRING':
      if (typeof value !== 'string') throw invalid(schema, value, fieldName);
      return;
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw invalid(schema, value, fieldName);
      return;
    case 'ARRAY':
      if (!Array.isArray(value)) throw invalid(schema, value, fieldName);
      for (const item of value) validateValue(schema.valueSchema!, item, fieldName);
      return;
    case 'MAP':
      if (!(value instanceof Map)) throw invalid(schema, value, fieldName);
      for (const [k, v] of value) {
        validateValue(schema.keySchema!, k, fieldName);
        validateValue(schema.valueSchema!, v, fieldName);
      }
      return;
    case 'STRUCT':
      if (!(value instanceof Struct)) throw invalid(schema, value, fieldName);
      if (!value.schema.equals(schema)) throw new DataException('Struct schemas do not match.');
      value.validate();
      return;
  }
}

/** True when the schema is a known logical type and the value is valid for it. */
function validateLogical(schema: Schema, value: unknown): boolean {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      if (!(value instanceof Decimal)) throw invalid(schema, value);
      return true;
    case DATE_LOGICAL_NAME:
    case TIME_LOGICAL_NAME:
    case TIMESTAMP_LOGICAL_NAME:
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(schema, value);
      return true;
    default:
      return false;
  }
}

function invalid(schema: Schema, value: unknown, fieldName?: string): DataException {
  const where = fieldName !== undefined ? ` for field "${fieldName}"` : '';
  const typeName = schema.name !== undefined ? `${schema.type} (${schema.name})` : schema.type;
  return new DataException(`Invalid value${where} for schema type ${typeName}: ${describe(value)}`);
}

/** Names the JS representation of a value, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  if (typeof value === 'number' && !Number.isInteger(value)) return `number ${value}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return typeof value;
}
