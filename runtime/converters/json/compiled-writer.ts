// Connect value → JSON text through a writer compiled once per Connect schema (pino's habit:
// compile the shape once, apply it cheaply per record). The field names are quoted once, the
// switch on the schema type is made once, a struct's fields are walked by index.
//
// Invariant: a compiled writer returns exactly what connectToJson returns, and throws exactly
// what it throws. It handles only the values it can write without doubt (the right JS type, in
// range, not null); anything else — null (optional/default handling), a wrong type, a mismatching
// struct schema, logical types — is handed to connectToJson for that value, so errors and
// corner cases have a single implementation. test/unit/runtime/converters/json/compiled-writer
// compares both on every schema type.
import type { Schema } from '../../data/schema.ts';
import { DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from '../../data/logical-names.ts';
import { Struct } from '../../data/struct.ts';
import { base64Text, connectToJson, numberText } from './connect-to-json.ts';
import { formatJavaDouble, formatJavaFloat } from './java-number-format.ts';
import type { JsonValueOptions } from './json-options.ts';
import { quoteJsonString } from './json-text.ts';

/** Writes one value of the schema it was compiled for (null/undefined included). */
export type ValueWriter = (value: unknown) => string;

const LOGICAL_NAMES = new Set([DECIMAL_LOGICAL_NAME, DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME]);

/** Compiled writers of one set of options, keyed by schema identity (schemas are immutable). */
export class CompiledWriters {
  readonly #options: JsonValueOptions;
  readonly #writers = new WeakMap<Schema, ValueWriter>();

  constructor(options: JsonValueOptions) {
    this.#options = options;
  }

  /** The writer of `schema`, compiled on first use. */
  writerFor(schema: Schema): ValueWriter {
    let writer = this.#writers.get(schema);
    if (writer === undefined) {
      writer = this.#compile(schema);
      this.#writers.set(schema, writer);
    }
    return writer;
  }

  #compile(schema: Schema): ValueWriter {
    const options = this.#options;
    const general: ValueWriter = (value) => connectToJson(schema, value, options);
    if (schema.name !== undefined && LOGICAL_NAMES.has(schema.name)) return general;
    const present = this.#compilePresent(schema, general);
    return (value) => (value === null || value === undefined ? general(value) : present(value));
  }

  /** The writer of a non-null value; anything it cannot write without doubt goes to `general`. */
  #compilePresent(schema: Schema, general: ValueWriter): ValueWriter {
    switch (schema.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32': {
        const max = schema.type === 'INT8' ? 127 : schema.type === 'INT16' ? 32767 : 2147483647;
        const min = -max - 1;
        return (v) => (typeof v === 'number' && Number.isInteger(v) && v <= max && v >= min ? String(v) : general(v));
      }
      case 'INT64':
        return (v) => (typeof v === 'bigint' ? v.toString() : general(v));
      case 'FLOAT32':
        return (v) => (typeof v === 'number' ? numberText(formatJavaFloat(v)) : general(v));
      case 'FLOAT64':
        return (v) => (typeof v === 'number' ? numberText(formatJavaDouble(v)) : general(v));
      case 'BOOLEAN':
        return (v) => (v === true ? 'true' : v === false ? 'false' : general(v));
      case 'STRING':
        return (v) => (typeof v === 'string' ? quoteJsonString(v) : general(v));
      case 'BYTES':
        return (v) => (v instanceof Uint8Array ? base64Text(v) : general(v));
      case 'ARRAY': {
        const item = this.writerFor(schema.valueSchema!);
        return (v) => {
          if (!Array.isArray(v)) return general(v);
          let out = '[';
          for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + item(v[i]);
          return out + ']';
        };
      }
      case 'MAP':
        return this.#compileMap(schema, general);
      case 'STRUCT':
        return this.#compileStruct(schema, general);
    }
  }

  #compileMap(schema: Schema, general: ValueWriter): ValueWriter {
    const key = this.writerFor(schema.keySchema!);
    const item = this.writerFor(schema.valueSchema!);
    if (schema.keySchema!.type === 'STRING') {
      return (v) => {
        if (!(v instanceof Map)) return general(v);
        let out = '{';
        let first = true;
        for (const [k, e] of v) {
          out += (first ? '' : ',') + quoteJsonString(String(k)) + ':' + item(e);
          first = false;
        }
        return out + '}';
      };
    }
    return (v) => {
      if (!(v instanceof Map)) return general(v);
      let out = '[';
      let first = true;
      for (const [k, e] of v) {
        out += (first ? '[' : ',[') + key(k) + ',' + item(e) + ']';
        first = false;
      }
      return out + ']';
    };
  }

  #compileStruct(schema: Schema, general: ValueWriter): ValueWriter {
    const fields = schema.fields();
    // `{"a":` for the first field, `,"b":` for the others: quoted once, here.
    const prefixes = fields.map((f, i) => (i === 0 ? '{' : ',') + quoteJsonString(f.name) + ':');
    // Writers of the field schemas are looked up at first use: a schema may be reached again
    // through its own fields only via distinct objects, but lazy lookup keeps compile cheap.
    let writers: ValueWriter[] | null = null;
    return (v) => {
      if (!(v instanceof Struct) || (v.schema !== schema && !v.schema.equals(schema))) return general(v);
      writers ??= fields.map((f) => this.writerFor(f.schema));
      if (fields.length === 0) return '{}';
      let out = '';
      for (let i = 0; i < fields.length; i++) out += prefixes[i] + writers[i](v.getWithoutDefault(fields[i]));
      return out + '}';
    };
  }
}
