// Kafka's SchemaUtil.copySchemaBasics(schema): a builder of the same type (array/map children
// included) carrying the name, version, doc and parameters.
import { SchemaBuilder, copySchemaBasics, type Schema } from '../runtime-bridge.ts';

export function builderLike(schema: Schema): SchemaBuilder {
  let builder: SchemaBuilder;
  if (schema.type === 'ARRAY') builder = SchemaBuilder.array(schema.valueSchema!);
  else if (schema.type === 'MAP') builder = SchemaBuilder.map(schema.keySchema!, schema.valueSchema!);
  else builder = new SchemaBuilder(schema.type);
  return copySchemaBasics(schema, builder);
}

/** A struct builder with `schema`'s metadata and no fields (optionality is not copied, as in Kafka). */
export function structLike(schema: Schema): SchemaBuilder {
  return copySchemaBasics(schema, SchemaBuilder.struct());
}
