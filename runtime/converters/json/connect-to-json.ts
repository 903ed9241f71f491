import { DataException } from '../../api/errors.ts';
import { Decimal } from '../../data/decimal.ts';
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../data/logical-names.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../data/logical-time.ts';
import type { Schema } from '../../data/schema.ts';
import { Struct } from '../../data/struct.ts';
import { describe } from '../../data/validate-value.ts';
import { formatJavaDouble, formatJavaFloat } from './java-number-format.ts';
import type { JsonValueOptions } from './json-options.ts';
import { isPlainObject } from '../../data/plain-object.ts';
import { quoteJsonString } from './json-text.ts';
import { stringifyPlain } from './plain-json-shortcut.ts';

const INT_LIMITS = { INT8: 127, INT16: 32767, INT32: 2147483647 } as const;

/**
 * Connect value → JSON text, as Kafka's JsonConverter.convertToJson writes it: struct fields in
 * schema order, maps with string keys as objects and other maps as [[key, value], …], bytes as
 * base64, FLOAT32/FLOAT64 in Java's number format, INT64 as exact digits.
 */
export function connectToJson(schema: Schema | null, value: unknown, options: JsonValueOptions): string {
  if (value === null || value === undefined) {
    if (schema === null) return 'null';
    if (schema.defaultValue !== undefined && options.replaceNullWithDefault) {
      return connectToJson(schema, schema.defaultValue, options);
    }
    if (schema.isOptional) return 'null';
    throw new DataException('Conversion error: null value for field that is required and has no default value');
  }
  // Plain objects of strings and numbers, the common schemaless value, go through JSON.stringify.
  if (schema === null) return stringifyPlain(value) ?? schemalessToJson(value, options);
  if (schema.name !== undefined) {
    const logical = logicalToJson(schema, value, options);
    if (logical !== undefined) return logical;
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      if (typeof value !== 'number' || !Number.isInteger(value) || value > INT_LIMITS[schema.type] || value < -INT_LIMITS[schema.type] - 1) {
        throw invalidType(schema, value);
      }
      return String(value);
    case 'INT64':
      if (typeof value === 'bigint') return value.toString();
      throw invalidType(schema, value);
    case 'FLOAT32':
      if (typeof value !== 'number') throw invalidType(schema, value);
      return numberText(formatJavaFloat(value));
    case 'FLOAT64':
      if (typeof value !== 'number') throw invalidType(schema, value);
      return numberText(formatJavaDouble(value));
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw invalidType(schema, value);
      return value ? 'true' : 'false';
    case 'STRING':
      if (typeof value !== 'string') throw invalidType(schema, value);
      return quoteJsonString(value);
    case 'BYTES':
      if (!(value instanceof Uint8Array)) throw invalidType(schema, value);
      return base64Text(value);
    case 'ARRAY': {
      if (!Array.isArray(value)) throw invalidType(schema, value);
      return `[${value.map((item) => connectToJson(schema.valueSchema!, item, options)).join(',')}]`;
    }
    case 'MAP': {
      if (!(value instanceof Map)) throw invalidType(schema, value);
      const entries = [...value];
      if (schema.keySchema!.type === 'STRING') {
        return `{${entries.map(([k, v]) => `${quoteJsonString(String(k))}:${connectToJson(schema.valueSchema!, v, options)}`).join(',')}}`;
      }
      return `[${entries.map(([k, v]) =>
        `[${connectToJson(schema.keySchema!, k, options)},${connectToJson(schema.valueSchema!, v, options)}]`).join(',')}]`;
    }
    case 'STRUCT': {
      if (!(value instanceof Struct)) throw invalidType(schema, value);
      if (!value.schema.equals(schema)) throw new DataException('Mismatching schema.');
      const parts = schema.fields().map((field) =>
        `${quoteJsonString(field.name)}:${connectToJson(field.schema, value.getWithoutDefault(field), options)}`);
      return `{${parts.join(',')}}`;
    }
  }
}

function logicalToJson(schema: Schema, value: unknown, options: JsonValueOptions): string | undefined {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      if (!(value instanceof Decimal)) throw new DataException(`Invalid type for Decimal, expected Decimal but was ${describe(value)}`);
      return options.decimalFormat === 'NUMERIC' ? value.toString() : base64Text(Decimal.fromLogical(schema, value));
    case DATE_LOGICAL_NAME:
      return String(LogicalDate.fromLogical(schema, expectDate(value, 'Date')));
    case TIME_LOGICAL_NAME:
      return String(LogicalTime.fromLogical(schema, expectDate(value, 'Time')));
    case TIMESTAMP_LOGICAL_NAME:
      return LogicalTimestamp.fromLogical(schema, expectDate(value, 'Timestamp')).toString();
    default:
      return undefined;
  }
}

/**
 * Without a schema the type follows the JS value; plain objects and Maps become JSON objects.
 * The general writer of schemaless values (the values plain-json-shortcut.ts refuses), exported
 * so that tests can compare the shortcut with it.
 */
export function schemalessToJson(value: unknown, options: JsonValueOptions): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return quoteJsonString(value);
    case 'bigint':
      return value.toString();
    case 'number':
      // An integral JS number is written as an integer (a Java Integer/Long would be); others as a double.
      return Number.isSafeInteger(value) ? String(value) : numberText(formatJavaDouble(value));
  }
  if (value instanceof Uint8Array) return base64Text(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + schemalessToJson(value[i], options);
    return out + ']';
  }
  if (value instanceof Map) return schemalessMapToJson(value, options);
  if (value instanceof Struct) throw new DataException('Mismatching schema.');
  if (typeof value === 'object' && isPlainObject(value)) {
    const keys = Object.keys(value);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      out += (i === 0 ? '' : ',') + quoteJsonString(keys[i]) + ':' + schemalessToJson((value as Record<string, unknown>)[keys[i]], options);
    }
    return out + '}';
  }
  throw new DataException(`${describe(value)} does not have corresponding schema type.`);
}

function schemalessMapToJson(value: Map<unknown, unknown>, options: JsonValueOptions): string {
  let stringKeys = true;
  for (const k of value.keys()) if (typeof k !== 'string') { stringKeys = false; break; }
  let out = stringKeys ? '{' : '[';
  let first = true;
  for (const [k, v] of value) {
    out += (first ? '' : ',') + (stringKeys
      ? `${quoteJsonString(k as string)}:${schemalessToJson(v, options)}`
      : `[${schemalessToJson(k, options)},${schemalessToJson(v, options)}]`);
    first = false;
  }
  return out + (stringKeys ? '}' : ']');
}

function expectDate(value: unknown, label: string): Date {
  if (!(value instanceof Date)) throw new DataException(`Invalid type for ${label}, expected Date but was ${describe(value)}`);
  return value;
}

/** Jackson quotes NaN and ±Infinity (QUOTE_NON_NUMERIC_NUMBERS), keeping the output valid JSON. */
export function numberText(text: string): string {
  return text === 'NaN' || text.endsWith('Infinity') ? `"${text}"` : text;
}

/** Bytes as a JSON string of their base64 (Jackson's binary encoding). */
export function base64Text(bytes: Uint8Array): string {
  return `"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}"`;
}

function invalidType(schema: Schema, value: unknown): DataException {
  return new DataException(`Invalid type for ${schema.type}: ${describe(value)}`);
}
