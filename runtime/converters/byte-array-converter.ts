import type { Converter, HeaderConverter, KafkaHeader } from '../api/converter.ts';
import { DataException } from '../api/errors.ts';
import type { ConfigDef } from '../config/config-def.ts';
import { describe } from '../data/validate-value.ts';
import { OPTIONAL_BYTES_SCHEMA, type Schema } from '../data/schema.ts';
import { SchemaAndValue } from '../data/schema-and-value.ts';
import { converterConfigDef } from './converter-type.ts';

/** Kafka's ByteArrayConverter: bytes pass through untouched (the cheapest converter). */
export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return converterConfigDef();
  }

  configure(_configs: Record<string, unknown>, _isKey?: boolean): void {}

  fromConnectData(_topic: string, _headers: KafkaHeader[] | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== 'BYTES') throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) {
      throw new DataException(`ByteArrayConverter is not compatible with objects of type ${describe(value)}`);
    }
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  toConnectData(_topic: string, _headers: KafkaHeader[] | null, bytes: Buffer | null): SchemaAndValue {
    return new SchemaAndValue(OPTIONAL_BYTES_SCHEMA, bytes);
  }

  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _key: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}
