// What a field rule does to one leaf value, and the schema that leaf ends up with.
import { DataException, Decimal, SchemaBuilder, type Schema } from '../runtime-bridge.ts';
import { isSchemalessMap } from '../requirements.ts';
import { emptyLike } from '../schemaless.ts';
import { producesText } from './actions.ts';
import type { Rule } from './config.ts';

export const DROP: unique symbol = Symbol('drop');

export type NonStringMode = 'zero' | 'null' | 'string';

/** Type-preserving empty value (MaskField's choice) for a non-string leaf. */
function emptyValue(value: unknown, path: string, rule: Rule): unknown {
  switch (typeof value) {
    case 'number': return 0;
    case 'bigint': return 0n;
    case 'boolean': return false;
    default: break;
  }
  if (value instanceof Decimal) return new Decimal(0n, value.scale);
  if (value instanceof Date) return new Date(0);
  if (value instanceof Uint8Array) return new Uint8Array(0);
  if (Array.isArray(value)) return [];
  if (isSchemalessMap(value)) return emptyLike(value);
  // The message names the path and rule only: never the value.
  throw new DataException(`MaskPii cannot mask the value at ${path} (rule ${rule.name}): unsupported type`);
}

function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

export function maskLeaf(value: unknown, rule: Rule, mode: NonStringMode, path: string): unknown {
  const kind = rule.action.kind;
  if (kind === 'drop') return DROP;
  if (kind === 'null') return null;
  if (typeof value === 'string') return rule.action.maskText(value);
  if (mode === 'null') return null;
  if (mode === 'string') return rule.action.maskText(asText(value));
  return emptyValue(value, path, rule);
}

/** The output schema of a leaf field the rule applies to (null: the field is removed). */
export function maskedLeafSchema(schema: Schema, rule: Rule, mode: NonStringMode): Schema | null {
  const kind = rule.action.kind;
  if (kind === 'drop') return null;
  if (kind === 'null') return optionalCopy(schema);
  if (schema.type === 'STRING' || !producesText(kind)) return schema;
  if (mode === 'null') return optionalCopy(schema);
  if (mode === 'string') return SchemaBuilder.string().optional().build();
  return schema;
}

export function optionalCopy(schema: Schema): Schema {
  if (schema.isOptional) return schema;
  let builder: SchemaBuilder;
  if (schema.type === 'ARRAY') builder = SchemaBuilder.array(schema.valueSchema!);
  else if (schema.type === 'MAP') builder = SchemaBuilder.map(schema.keySchema!, schema.valueSchema!);
  else builder = new SchemaBuilder(schema.type);
  if (schema.type === 'STRUCT') for (const f of schema.fields()) builder.field(f.name, f.schema);
  if (schema.name !== undefined) builder.name(schema.name);
  if (schema.version !== undefined) builder.version(schema.version);
  if (schema.doc !== undefined) builder.doc(schema.doc);
  if (schema.parameters !== undefined) builder.parameters(schema.parameters);
  return builder.optional().build();
}
