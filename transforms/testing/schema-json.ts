// Schemas in transform-test files use Kafka JsonConverter's schema notation:
// {"type":"struct","name":"…","optional":false,"fields":[{"field":"id","type":"int64"}]},
// "array" with "items", "map" with "keys"/"values"; logical types by "name".
import { SchemaBuilder, type Schema, type SchemaType } from '../runtime-bridge.ts';

export interface SchemaJson {
  type: string;
  optional?: boolean;
  name?: string;
  version?: number;
  doc?: string;
  parameters?: Record<string, string>;
  default?: unknown;
  fields?: (SchemaJson & { field: string })[];
  items?: SchemaJson;
  keys?: SchemaJson;
  values?: SchemaJson;
}

const TO_TYPE: Record<string, SchemaType> = {
  int8: 'INT8', int16: 'INT16', int32: 'INT32', int64: 'INT64', float: 'FLOAT32', double: 'FLOAT64',
  boolean: 'BOOLEAN', string: 'STRING', bytes: 'BYTES', array: 'ARRAY', map: 'MAP', struct: 'STRUCT',
};
const FROM_TYPE: Record<SchemaType, string> = Object.fromEntries(Object.entries(TO_TYPE).map(([k, v]) => [v, k])) as Record<SchemaType, string>;

export function schemaFromJson(json: SchemaJson, decodeDefault: (schema: Schema, value: unknown) => unknown): Schema {
  const type = TO_TYPE[json.type];
  if (type === undefined) throw new Error(`Unknown schema type "${json.type}"`);
  let builder: SchemaBuilder;
  if (type === 'ARRAY') builder = SchemaBuilder.array(schemaFromJson(json.items!, decodeDefault));
  else if (type === 'MAP') builder = SchemaBuilder.map(schemaFromJson(json.keys!, decodeDefault), schemaFromJson(json.values!, decodeDefault));
  else builder = new SchemaBuilder(type);
  for (const f of json.fields ?? []) builder.field(f.field, schemaFromJson(f, decodeDefault));
  if (json.name !== undefined) builder.name(json.name);
  if (json.version !== undefined) builder.version(json.version);
  if (json.doc !== undefined) builder.doc(json.doc);
  if (json.parameters !== undefined) builder.parameters(json.parameters);
  if (json.optional) builder.optional();
  if (json.default !== undefined) {
    const bare = builder.build();
    builder.defaultValue(decodeDefault(bare, json.default));
  }
  return builder.build();
}

export function schemaToJson(schema: Schema, encodeDefault: (schema: Schema, value: unknown) => unknown): SchemaJson {
  const out: SchemaJson = { type: FROM_TYPE[schema.type] };
  if (schema.type === 'STRUCT') out.fields = schema.fields().map((f) => ({ field: f.name, ...schemaToJson(f.schema, encodeDefault) }));
  if (schema.type === 'ARRAY') out.items = schemaToJson(schema.valueSchema!, encodeDefault);
  if (schema.type === 'MAP') {
    out.keys = schemaToJson(schema.keySchema!, encodeDefault);
    out.values = schemaToJson(schema.valueSchema!, encodeDefault);
  }
  out.optional = schema.isOptional;
  if (schema.name !== undefined) out.name = schema.name;
  if (schema.version !== undefined) out.version = schema.version;
  if (schema.doc !== undefined) out.doc = schema.doc;
  if (schema.parameters !== undefined) out.parameters = { ...schema.parameters };
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) out.default = encodeDefault(schema, schema.defaultValue);
  return out;
}
