import { ConfigException, SchemaBuilder, Struct, type Schema } from '../../runtime/api/index.ts';
import type { RecordRandom } from './record-random.ts';
import { compileRegex } from './regex-generator.ts';

/** What one field's generator gets: the record's random source and its global index. */
type FieldGenerator = (rng: RecordRandom, index: number) => unknown;

/** A compiled `schema.string`: the Connect schema of the value and how to fill each field. */
export interface GeneratorSchema {
  readonly valueSchema: Schema;
  generate(rng: RecordRandom, index: number): Struct;
}

const CONNECT_TYPES: Record<string, () => SchemaBuilder> = {
  int: SchemaBuilder.int32,
  long: SchemaBuilder.int64,
  string: SchemaBuilder.string,
  boolean: SchemaBuilder.bool,
  double: SchemaBuilder.float64,
  float: SchemaBuilder.float32,
};

/**
 * Parses the Avro-like schema subset datagen accepts: a `record` whose fields are int, long,
 * string, boolean, double or float, each optionally with `arg.properties`:
 * `options` (pick one), `range` {min, max} (max exclusive), `iteration` {start, step}
 * (start + index × step), `regex` (strings), `length` {min, max} (random alphanumeric strings).
 */
export function parseGeneratorSchema(text: string, configName = 'schema.string'): GeneratorSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigException(configName, text, `Not valid JSON: ${(e as Error).message}`);
  }
  const record = json as { type?: unknown; name?: unknown; namespace?: unknown; fields?: unknown };
  if (typeof json !== 'object' || json === null || record.type !== 'record' || !Array.isArray(record.fields) || record.fields.length === 0) {
    throw new ConfigException(configName, text, 'The schema must be a JSON object with "type": "record" and a non-empty "fields" array');
  }
  const builder = SchemaBuilder.struct();
  if (typeof record.name === 'string') builder.name(typeof record.namespace === 'string' ? `${record.namespace}.${record.name}` : record.name);
  const generators: FieldGenerator[] = [];
  for (const field of record.fields as unknown[]) {
    const { name, type } = (field ?? {}) as { name?: unknown; type?: unknown };
    if (typeof name !== 'string' || name === '') throw new ConfigException(configName, text, 'Every field needs a "name"');
    const spec = typeof type === 'string' ? { type } : (type ?? {}) as { type?: unknown; 'arg.properties'?: unknown };
    const avroType = String(spec.type);
    const connectType = CONNECT_TYPES[avroType];
    if (connectType === undefined) {
      throw new ConfigException(configName, text, `Field ${name} has type ${JSON.stringify(spec.type)}; supported: ${Object.keys(CONNECT_TYPES).join(', ')}`);
    }
    builder.field(name, connectType().build());
    generators.push(fieldGenerator(avroType, (spec as Record<string, unknown>)['arg.properties'] as Record<string, unknown> | undefined, `${configName} field ${name}`));
  }
  const valueSchema = builder.build();
  const fields = valueSchema.fields();
  return {
    valueSchema,
    generate(rng, index) {
      const struct = new Struct(valueSchema);
      for (let i = 0; i < generators.length; i++) struct.put(fields[i], generators[i](rng, index));
      return struct;
    },
  };
}

function fieldGenerator(type: string, args: Record<string, unknown> | undefined, where: string): FieldGenerator {
  const toType = (n: number): unknown => (type === 'long' ? BigInt(Math.trunc(n)) : type === 'int' ? Math.trunc(n) : n);
  if (args?.options !== undefined) {
    const options = args.options;
    if (!Array.isArray(options) || options.length === 0) throw new ConfigException(`${where}: "options" must be a non-empty array`);
    const values = options.map((o) => (type === 'long' ? BigInt(o as number) : o));
    return (rng) => values[rng.int(0, values.length)];
  }
  if (args?.iteration !== undefined) {
    const { start = 0, step = 1 } = args.iteration as { start?: number; step?: number };
    return (_rng, index) => toType(start + index * step);
  }
  if (type === 'string') {
    if (typeof args?.regex === 'string') {
      const regex = compileRegex(args.regex);
      return (rng) => regex(rng);
    }
    const { min = 8, max = 8 } = (args?.length ?? {}) as { min?: number; max?: number };
    return (rng) => randomAlphanumeric(rng, rng.int(min, max + 1));
  }
  if (type === 'boolean') return (rng) => rng.next() < 0.5;
  const range = args?.range as { min?: number; max?: number } | undefined;
  const defaults: Record<string, [number, number]> = { int: [0, 2 ** 31 - 1], long: [0, 2 ** 53 - 1], double: [0, 1], float: [0, 1] };
  const [min, max] = [range?.min ?? defaults[type][0], range?.max ?? defaults[type][1]];
  if (!(max > min)) throw new ConfigException(`${where}: "range" needs min < max`);
  if (type === 'double') return (rng) => min + rng.next() * (max - min);
  if (type === 'float') return (rng) => Math.fround(min + rng.next() * (max - min));
  return (rng) => toType(rng.int(min, max));
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlphanumeric(rng: RecordRandom, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[rng.int(0, ALPHANUMERIC.length)];
  return s;
}
