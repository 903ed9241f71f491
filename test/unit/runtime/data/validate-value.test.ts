import { describe, expect, test } from '@jest/globals';
import { Decimal } from '../../../../runtime/data/decimal.ts';
import { LogicalDate, LogicalTimestamp } from '../../../../runtime/data/logical-time.ts';
import { SchemaBuilder } from '../../../../runtime/data/schema-builder.ts';
import * as S from '../../../../runtime/data/schema.ts';
import { Struct } from '../../../../runtime/data/struct.ts';
import { validateValue } from '../../../../runtime/data/validate-value.ts';

const ok = (schema: S.Schema, value: unknown): void => expect(() => validateValue(schema, value)).not.toThrow();
const bad = (schema: S.Schema, value: unknown): void => expect(() => validateValue(schema, value)).toThrow();

describe('validateValue', () => {
  test('integers must be integral numbers within the width of their type', () => {
    ok(S.INT8_SCHEMA, 127); bad(S.INT8_SCHEMA, 128); bad(S.INT8_SCHEMA, 1.5);
    ok(S.INT16_SCHEMA, -32768); bad(S.INT16_SCHEMA, -32769);
    ok(S.INT32_SCHEMA, 2147483647); bad(S.INT32_SCHEMA, 2147483648); bad(S.INT32_SCHEMA, '1');
  });

  test('INT64 is a bigint in the signed 64-bit range, never a number', () => {
    ok(S.INT64_SCHEMA, 9223372036854775807n);
    bad(S.INT64_SCHEMA, 9223372036854775808n);
    bad(S.INT64_SCHEMA, 1);
  });

  test('floats, booleans, strings and bytes', () => {
    ok(S.FLOAT32_SCHEMA, 1.5); ok(S.FLOAT64_SCHEMA, 3); bad(S.FLOAT64_SCHEMA, 3n);
    ok(S.BOOLEAN_SCHEMA, false); bad(S.BOOLEAN_SCHEMA, 0);
    ok(S.STRING_SCHEMA, ''); bad(S.STRING_SCHEMA, 1);
    ok(S.BYTES_SCHEMA, Buffer.from('a')); ok(S.BYTES_SCHEMA, new Uint8Array(2)); bad(S.BYTES_SCHEMA, 'YQ==');
  });

  test('null only for optional schemas, and the message names the field', () => {
    ok(S.OPTIONAL_INT32_SCHEMA, null);
    expect(() => validateValue(S.INT32_SCHEMA, null, 'age'))
      .toThrow('Invalid value: null used for required field: "age", schema type: INT32');
  });

  test('arrays and maps are checked element by element', () => {
    const arr = SchemaBuilder.array(S.INT32_SCHEMA).build();
    ok(arr, [1, 2]); bad(arr, [1, 'x']); bad(arr, new Set([1]));
    const map = SchemaBuilder.map(S.STRING_SCHEMA, S.INT64_SCHEMA).build();
    ok(map, new Map([['a', 1n]])); bad(map, new Map([['a', 1]])); bad(map, { a: 1n });
  });

  test('structs must have an equal schema and be valid', () => {
    const schema = SchemaBuilder.struct().field('a', S.INT32_SCHEMA).build();
    const other = SchemaBuilder.struct().field('b', S.INT32_SCHEMA).build();
    ok(schema, new Struct(schema).put('a', 1));
    expect(() => validateValue(schema, new Struct(other).put('b', 1))).toThrow('Struct schemas do not match.');
    expect(() => validateValue(schema, new Struct(schema))).toThrow('null used for required field: "a"');
  });

  test('logical types are checked by their value class', () => {
    ok(Decimal.schema(2), new Decimal(150n, 2)); bad(Decimal.schema(2), Buffer.from([1]));
    ok(LogicalDate.SCHEMA, new Date(0)); bad(LogicalDate.SCHEMA, 0); bad(LogicalDate.SCHEMA, new Date(NaN));
    ok(LogicalTimestamp.SCHEMA, new Date()); bad(LogicalTimestamp.SCHEMA, 5n);
  });
});
