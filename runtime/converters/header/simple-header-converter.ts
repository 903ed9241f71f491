import type { HeaderConverter } from '../../api/converter.ts';
import { ConfigDef } from '../../config/config-def.ts';
import type { Schema } from '../../data/schema.ts';
import { SchemaAndValue } from '../../data/schema-and-value.ts';
import { parseString } from './values-parse-string.ts';
import { convertToString } from './values-to-string.ts';

/**
 * Kafka's default header converter: a header value is written as its string form (UTF-8) and
 * read back by inferring the schema from the text (`42` → INT8, `true` → BOOLEAN, …).
 */
export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(_configs: Record<string, unknown>): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(convertToString(schema, value), 'utf8');
  }

  toConnectHeader(_topic: string, _headerKey: string, value: Buffer | null): SchemaAndValue {
    if (value === null) return SchemaAndValue.NULL;
    return parseString(value.toString('utf8'));
  }

  close(): void {}
}
