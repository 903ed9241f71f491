import type { Converter, HeaderConverter, KafkaHeader } from '../../api/converter.ts';
import { DataException } from '../../api/errors.ts';
import type { ConfigDef } from '../../config/config-def.ts';
import { caseInsensitiveValidString } from '../../config/validators.ts';
import type { Schema } from '../../data/schema.ts';
import { SchemaAndValue } from '../../data/schema-and-value.ts';
import { CONVERTER_TYPE_CONFIG, converterConfigDef, withConverterType, type ConverterType } from '../converter-type.ts';
import { CompiledWriters } from './compiled-writer.ts';
import { connectToJson } from './connect-to-json.ts';
import type { DecimalFormat, JsonValueOptions } from './json-options.ts';
import { JsonSchemaCodec } from './json-schema.ts';
import { EnvelopeShortcut } from './envelope-shortcut.ts';
import { NOT_FAST, readJsonFast } from './fast-json-reader.ts';
import { jsonToConnect } from './json-to-connect.ts';
import { isJsonObject, parseJsonTree, type JsonTree } from './json-text.ts';

export const SCHEMAS_ENABLE_CONFIG = 'schemas.enable';
export const SCHEMAS_CACHE_SIZE_CONFIG = 'schemas.cache.size';
export const DECIMAL_FORMAT_CONFIG = 'decimal.format';
export const REPLACE_NULL_WITH_DEFAULT_CONFIG = 'replace.null.with.default';

export function jsonConverterConfigDef(): ConfigDef {
  const group = 'Schemas';
  return converterConfigDef()
    .define({
      name: SCHEMAS_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'HIGH', group, orderInGroup: 0,
      width: 'MEDIUM', displayName: 'Enable Schemas',
      documentation: 'Include schemas within each of the serialized values and keys.',
    })
    .define({
      name: SCHEMAS_CACHE_SIZE_CONFIG, type: 'INT', defaultValue: 1000, importance: 'HIGH', group, orderInGroup: 1,
      width: 'MEDIUM', displayName: 'Schema Cache Size',
      documentation: 'The maximum number of schemas that can be cached in this converter instance.',
    })
    .define({
      name: DECIMAL_FORMAT_CONFIG, type: 'STRING', defaultValue: 'BASE64', importance: 'LOW', group, orderInGroup: 2,
      width: 'MEDIUM', displayName: 'Decimal Format', validator: caseInsensitiveValidString('BASE64', 'NUMERIC'),
      documentation: "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'.",
    })
    .define({
      name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', group,
      orderInGroup: 3, width: 'MEDIUM', displayName: 'Replace null with default',
      documentation: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    });
}

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields.' +
  ' If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

/**
 * Kafka's JsonConverter, byte-compatible: with schemas.enable (default) each message is
 * `{"schema":…,"payload":…}`; without, the bare JSON value. Also a HeaderConverter.
 */
export class JsonConverter implements Converter, HeaderConverter {
  #schemasEnabled = true;
  #options: JsonValueOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };
  #schemas = new JsonSchemaCodec(this.#options, 1000);
  #writers = new CompiledWriters(this.#options);
  #envelope = new EnvelopeShortcut();

  config(): ConfigDef {
    return jsonConverterConfigDef();
  }

  configure(configs: Record<string, unknown>, isKey?: boolean): void {
    // The one-argument form is HeaderConverter.configure: the worker passes converter.type=header.
    const type = isKey === undefined ? (configs[CONVERTER_TYPE_CONFIG] ?? 'header') : isKey ? 'key' : 'value';
    const parsed = jsonConverterConfigDef().parse(withConverterType(configs, type as ConverterType));
    this.#schemasEnabled = parsed[SCHEMAS_ENABLE_CONFIG] as boolean;
    this.#options = {
      decimalFormat: (parsed[DECIMAL_FORMAT_CONFIG] as string).toUpperCase() as DecimalFormat,
      replaceNullWithDefault: parsed[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean,
    };
    this.#schemas = new JsonSchemaCodec(this.#options, parsed[SCHEMAS_CACHE_SIZE_CONFIG] as number);
    this.#writers = new CompiledWriters(this.#options);
    this.#envelope = new EnvelopeShortcut();
  }

  /** How many schemas are cached for writing (Kafka's sizeOfFromConnectSchemaCache). */
  get cachedSchemaCount(): number {
    return this.#schemas.cachedToJsonCount;
  }

  fromConnectData(_topic: string, _headers: KafkaHeader[] | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    // A schema's writer is compiled once (same output as connectToJson, see compiled-writer.ts).
    const payload = schema === null ? connectToJson(null, value, this.#options) : this.#writers.writerFor(schema)(value);
    const text = this.#schemasEnabled ? `{"schema":${this.#schemas.toJson(schema)},"payload":${payload}}` : payload;
    return Buffer.from(text, 'utf8');
  }

  toConnectData(_topic: string, _headers: KafkaHeader[] | null, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null) return SchemaAndValue.NULL;
    const text = bytes.toString('utf8');
    // Fast paths, each falling back to the general path below when it is not sure.
    if (!this.#schemasEnabled) {
      const fast = readJsonFast(text, 'connect');
      if (fast !== NOT_FAST) return new SchemaAndValue(null, fast);
    } else {
      const known = this.#envelope.read(text);
      if (known !== null) return new SchemaAndValue(known.schema, jsonToConnect(known.schema, known.payload, this.#options));
    }
    let tree: JsonTree | undefined;
    try {
      tree = text.length === 0 || /^\s*$/.test(text) ? undefined : parseJsonTree(text);
    } catch (e) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error: ${(e as Error).message}`, { cause: e });
    }
    if (!this.#schemasEnabled) {
      if (tree === undefined) return SchemaAndValue.NULL;
      return new SchemaAndValue(null, jsonToConnect(null, tree, this.#options));
    }
    if (!isJsonObject(tree) || Object.keys(tree).length !== 2 || !Object.hasOwn(tree, 'schema') || !Object.hasOwn(tree, 'payload')) {
      throw new DataException(ENVELOPE_ERROR);
    }
    const schema = this.#schemas.toConnect(tree.schema);
    const value = jsonToConnect(schema, tree.payload, this.#options);
    this.#envelope.learn(text, schema);
    return new SchemaAndValue(schema, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}
