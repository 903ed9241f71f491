// A subset of Kafka's Values.parseString, enough for config literals: booleans, the narrowest
// integer type that holds the number (INT8 → INT64), floats (FLOAT32 when exact, else FLOAT64),
// and anything else as a string. Kafka also parses arrays, maps and dates; we keep those as strings.
import {
  SchemaAndValue, STRING_SCHEMA, SchemaBuilder, type Schema,
} from '../runtime-bridge.ts';

const INT8 = new SchemaBuilder('INT8').build();
const INT16 = new SchemaBuilder('INT16').build();
const INT32 = new SchemaBuilder('INT32').build();
const INT64 = new SchemaBuilder('INT64').build();
const FLOAT32 = new SchemaBuilder('FLOAT32').build();
const FLOAT64 = new SchemaBuilder('FLOAT64').build();
const BOOLEAN = new SchemaBuilder('BOOLEAN').build();

export function parseLiteral(text: string): SchemaAndValue {
  const trimmed = text.trim();
  if (trimmed === '') return new SchemaAndValue(STRING_SCHEMA, text);
  if (/^(true|false)$/i.test(trimmed)) return new SchemaAndValue(BOOLEAN, trimmed.toLowerCase() === 'true');
  if (/^[+-]?\d+$/.test(trimmed)) {
    const n = BigInt(trimmed);
    const fits = (bits: number, schema: Schema): SchemaAndValue | null =>
      n >= -(1n << BigInt(bits - 1)) && n < (1n << BigInt(bits - 1)) ? new SchemaAndValue(schema, Number(n)) : null;
    const small = fits(8, INT8) ?? fits(16, INT16) ?? fits(32, INT32);
    if (small !== null) return small;
    if (n >= -(1n << 63n) && n < (1n << 63n)) return new SchemaAndValue(INT64, n);
    return new SchemaAndValue(STRING_SCHEMA, text);
  }
  if (/^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    return Math.fround(n) === n ? new SchemaAndValue(FLOAT32, n) : new SchemaAndValue(FLOAT64, n);
  }
  return new SchemaAndValue(STRING_SCHEMA, text);
}
