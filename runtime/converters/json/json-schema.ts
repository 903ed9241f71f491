import { DataException } from '../../api/errors.ts';
import type { Schema, SchemaType } from '../../data/schema.ts';
import { SchemaBuilder } from '../../data/schema-builder.ts';
import { connectToJson } from './connect-to-json.ts';
import type { JsonValueOptions } from './json-options.ts';
import { jsonToConnect } from './json-to-connect.ts';
import { isJsonObject, JsonNumber, quoteJsonString, type JsonTree } from './json-text.ts';
import { LruCache } from './lru-cache.ts';

const TYPE_NAMES: Record<SchemaType, string> = {
  BOOLEAN: 'boolean', INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64', FLOAT32: 'float',
  FLOAT64: 'double', BYTES: 'bytes', STRING: 'string', ARRAY: 'array', MAP: 'map', STRUCT: 'struct',
};
const TYPES_BY_NAME = new Map(Object.entries(TYPE_NAMES).map(([type, name]) => [name, type as SchemaType]));

/**
 * Translates between Connect schemas and the JSON schema of Kafka's envelope, with an LRU cache
 * each way (`schemas.cache.size`): converting the same schema for every record must be cheap.
 * The outgoing cache is keyed by schema identity, the incoming one by the schema's JSON text.
 */
export class JsonSchemaCodec {
  readonly #options: JsonValueOptions;
  readonly #toJsonCache: LruCache<Schema, string>;
  readonly #toConnectCache: LruCache<string, Schema>;
  /** The last schema written and its text: a topic's records nearly always share one schema. */
  #lastSchema: Schema | null = null;
  #lastJson = '';

  constructor(options: JsonValueOptions, cacheSize: number) {
    this.#options = options;
    this.#toJsonCache = new LruCache(cacheSize);
    this.#toConnectCache = new LruCache(cacheSize);
  }

  get cachedToJsonCount(): number { return this.#toJsonCache.size; }
  get cachedToConnectCount(): number { return this.#toConnectCache.size; }

  /**
   * The schema as Kafka writes it. Keys in Kafka's order: type, items | keys, values | fields,
   * optional, name, version, doc, parameters, default; each struct field ends with "field".
   */
  toJson(schema: Schema | null): string {
    if (schema === null) return 'null';
    // Already the most recent entry of the cache: no need to touch the LRU order again.
    if (schema === this.#lastSchema) return this.#lastJson;
    const text = this.#toJson(schema);
    this.#lastSchema = schema;
    this.#lastJson = text;
    return text;
  }

  #toJson(schema: Schema): string {
    const cached = this.#toJsonCache.get(schema);
    if (cached !== undefined) return cached;
    let out = `{"type":"${TYPE_NAMES[schema.type]}"`;
    if (schema.type === 'ARRAY') out += `,"items":${this.toJson(schema.valueSchema!)}`;
    if (schema.type === 'MAP') out += `,"keys":${this.toJson(schema.keySchema!)},"values":${this.toJson(schema.valueSchema!)}`;
    if (schema.type === 'STRUCT') {
      const fields = schema.fields().map((f) => `${this.toJson(f.schema).slice(0, -1)},"field":${quoteJsonString(f.name)}}`);
      out += `,"fields":[${fields.join(',')}]`;
    }
    out += `,"optional":${schema.isOptional}`;
    if (schema.name !== undefined) out += `,"name":${quoteJsonString(schema.name)}`;
    if (schema.version !== undefined) out += `,"version":${schema.version}`;
    if (schema.doc !== undefined) out += `,"doc":${quoteJsonString(schema.doc)}`;
    if (schema.parameters !== undefined) {
      const params = Object.entries(schema.parameters).map(([k, v]) => `${quoteJsonString(k)}:${quoteJsonString(v)}`);
      out += `,"parameters":{${params.join(',')}}`;
    }
    if (schema.defaultValue !== undefined) out += `,"default":${connectToJson(schema, schema.defaultValue, this.#options)}`;
    out += '}';
    this.#toJsonCache.set(schema, out);
    return out;
  }

  /** The Connect schema described by a JSON schema node (null for a JSON null). */
  toConnect(node: JsonTree | undefined): Schema | null {
    if (node === null || node === undefined) return null;
    const key = JSON.stringify(node);
    const cached = this.#toConnectCache.get(key);
    if (cached !== undefined) return cached;
    const schema = this.#build(node);
    this.#toConnectCache.set(key, schema);
    return schema;
  }

  #build(node: JsonTree): Schema {
    if (!isJsonObject(node) || typeof node.type !== 'string') throw new DataException("Schema must contain 'type' field");
    const type = TYPES_BY_NAME.get(node.type);
    if (type === undefined) throw new DataException(`Unknown schema type: ${node.type}`);
    let builder: SchemaBuilder;
    if (type === 'ARRAY') {
      if (node.items === undefined || node.items === null) throw new DataException('Array schema did not specify the element type');
      builder = SchemaBuilder.array(this.toConnect(node.items)!);
    } else if (type === 'MAP') {
      if (node.keys === undefined) throw new DataException('Map schema did not specify the key type');
      if (node.values === undefined) throw new DataException('Map schema did not specify the value type');
      builder = SchemaBuilder.map(this.#required(node.keys), this.#required(node.values));
    } else if (type === 'STRUCT') {
      builder = SchemaBuilder.struct();
      if (!Array.isArray(node.fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
      for (const field of node.fields) {
        if (!isJsonObject(field) || typeof field.field !== 'string') {
          throw new DataException("Struct schema's field name not specified properly");
        }
        builder.field(field.field, this.#required(field));
      }
    } else {
      builder = SchemaBuilder.type(type);
    }
    if (node.optional === true) builder.optional();
    else builder.required();
    if (typeof node.name === 'string') builder.name(node.name);
    if (node.version instanceof JsonNumber && node.version.isIntegral) builder.version(node.version.toNumber());
    if (typeof node.doc === 'string') builder.doc(node.doc);
    if (isJsonObject(node.parameters)) {
      for (const [k, v] of Object.entries(node.parameters)) {
        if (typeof v !== 'string') throw new DataException('Schema parameters must have string values.');
        builder.parameter(k, v);
      }
    }
    if (node.default !== undefined && node.default !== null) {
      // The default is read against the schema built so far (type, optionality, name, parameters).
      const partial = builder.build();
      builder.defaultValue(jsonToConnect(partial, node.default, this.#options));
    }
    return builder.build();
  }

  #required(node: JsonTree): Schema {
    const schema = this.toConnect(node);
    if (schema === null) throw new DataException('Nested schemas cannot be null');
    return schema;
  }
}
