import { DataException } from '../../api/errors.ts';
import { Decimal } from '../../data/decimal.ts';
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../data/logical-names.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from '../../data/logical-time.ts';
import type { Schema } from '../../data/schema.ts';
import { Struct } from '../../data/struct.ts';
import type { JsonValueOptions } from './json-options.ts';
import { decodeBase64, isJsonObject, JsonNumber, jsonNodeType, type JsonTree } from './json-text.ts';

const INT_RANGES = { INT8: [-128, 127], INT16: [-32768, 32767], INT32: [-2147483648, 2147483647] } as const;
const NON_FINITE: Record<string, number> = { 'NaN': NaN, 'Infinity': Infinity, '-Infinity': -Infinity };

/**
 * JSON → Connect value, as Kafka's JsonConverter.convertToConnect reads it. Without a schema:
 * integral numbers become bigint (Kafka's INT64), other numbers number, objects plain objects.
 * With a schema the JSON must have the schema's shape (stricter than Jackson's lenient
 * accessors, which read a string as 0 for an int field).
 */
export function jsonToConnect(schema: Schema | null, node: JsonTree | undefined, options: JsonValueOptions): unknown {
  if (schema === null) return schemalessToConnect(node);
  if (node === undefined || node === null) {
    if (schema.defaultValue !== undefined && options.replaceNullWithDefault) return schema.defaultValue;
    if (schema.isOptional) return null;
    throw new DataException(`Invalid null value for required ${schema.type} field`);
  }
  if (schema.name !== undefined) {
    const logical = logicalToConnect(schema, node);
    if (logical !== undefined) return logical;
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const [min, max] = INT_RANGES[schema.type];
      const n = integral(node, schema);
      if (n < BigInt(min) || n > BigInt(max)) throw mismatch(schema, node);
      return Number(n);
    }
    case 'INT64':
      return integral(node, schema);
    case 'FLOAT32':
      return Math.fround(floating(node, schema));
    case 'FLOAT64':
      return floating(node, schema);
    case 'BOOLEAN':
      if (typeof node !== 'boolean') throw mismatch(schema, node);
      return node;
    case 'STRING':
      if (typeof node !== 'string') throw mismatch(schema, node);
      return node;
    case 'BYTES':
      if (typeof node !== 'string') throw new DataException('Invalid bytes field');
      return decodeBase64(node, 'a bytes field');
    case 'ARRAY':
      if (!Array.isArray(node)) throw mismatch(schema, node);
      return node.map((item) => jsonToConnect(schema.valueSchema!, item, options));
    case 'MAP':
      return mapToConnect(schema, node, options);
    case 'STRUCT': {
      if (!isJsonObject(node)) throw new DataException(`Structs should be encoded as JSON objects, but found ${jsonNodeType(node)}`);
      const struct = new Struct(schema);
      for (const field of schema.fields()) {
        struct.put(field, jsonToConnect(field.schema, Object.hasOwn(node, field.name) ? node[field.name] : undefined, options));
      }
      return struct;
    }
  }
}

function mapToConnect(schema: Schema, node: JsonTree, options: JsonValueOptions): Map<unknown, unknown> {
  const result = new Map<unknown, unknown>();
  if (schema.keySchema!.type === 'STRING') {
    if (!isJsonObject(node)) {
      throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${jsonNodeType(node)}`);
    }
    for (const [k, v] of Object.entries(node)) result.set(k, jsonToConnect(schema.valueSchema!, v, options));
    return result;
  }
  if (!Array.isArray(node)) {
    throw new DataException(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${jsonNodeType(node)}`);
  }
  for (const entry of node) {
    if (!Array.isArray(entry)) throw new DataException(`Found invalid map entry instead of array tuple: ${jsonNodeType(entry)}`);
    if (entry.length !== 2) throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`);
    result.set(jsonToConnect(schema.keySchema!, entry[0], options), jsonToConnect(schema.valueSchema!, entry[1], options));
  }
  return result;
}

function logicalToConnect(schema: Schema, node: JsonTree): unknown {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      // Either format is accepted whatever decimal.format says, as Kafka does.
      if (node instanceof JsonNumber) return Decimal.parse(node.source);
      if (typeof node === 'string') return Decimal.toLogical(schema, decodeBase64(node, 'a Decimal field'));
      throw new DataException(`Invalid type for Decimal, underlying representation should be numeric or bytes but was ${jsonNodeType(node)}`);
    case DATE_LOGICAL_NAME:
      return LogicalDate.toLogical(schema, int32Logical(node, 'Date'));
    case TIME_LOGICAL_NAME:
      return LogicalTime.toLogical(schema, int32Logical(node, 'Time'));
    case TIMESTAMP_LOGICAL_NAME:
      if (!(node instanceof JsonNumber) || !node.isIntegral) {
        throw new DataException(`Invalid type for Timestamp, underlying representation should be integral but was ${jsonNodeType(node)}`);
      }
      return LogicalTimestamp.toLogical(schema, node.toBigInt());
    default:
      return undefined;
  }
}

function int32Logical(node: JsonTree, label: string): number {
  if (!(node instanceof JsonNumber) || !node.isIntegral || Math.abs(node.toNumber()) > 2147483648) {
    throw new DataException(`Invalid type for ${label}, underlying representation should be integer but was ${jsonNodeType(node)}`);
  }
  return node.toNumber();
}

function schemalessToConnect(node: JsonTree | undefined): unknown {
  if (node === undefined || node === null) return null;
  if (node instanceof JsonNumber) return node.isIntegral ? node.toBigInt() : node.toNumber();
  if (Array.isArray(node)) return node.map(schemalessToConnect);
  if (typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      Object.defineProperty(out, k, { value: schemalessToConnect(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return node;
}

function integral(node: JsonTree, schema: Schema): bigint {
  if (!(node instanceof JsonNumber)) throw mismatch(schema, node);
  if (node.isIntegral) return node.toBigInt();
  const n = node.toNumber();
  if (!Number.isInteger(n)) throw mismatch(schema, node);
  return BigInt(n);
}

function floating(node: JsonTree, schema: Schema): number {
  if (node instanceof JsonNumber) return node.toNumber();
  if (typeof node === 'string' && node in NON_FINITE) return NON_FINITE[node];
  throw mismatch(schema, node);
}

function mismatch(schema: Schema, node: JsonTree): DataException {
  const shown = node instanceof JsonNumber ? node.source : JSON.stringify(node);
  return new DataException(`Invalid ${jsonNodeType(node)} value ${shown?.slice(0, 40)} for ${schema.type} schema`);
}
