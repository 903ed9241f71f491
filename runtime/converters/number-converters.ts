import type { Converter, HeaderConverter, KafkaHeader } from '../api/converter.ts';
import { DataException } from '../api/errors.ts';
import type { ConfigDef } from '../config/config-def.ts';
import {
  OPTIONAL_FLOAT32_SCHEMA, OPTIONAL_FLOAT64_SCHEMA, OPTIONAL_INT16_SCHEMA, OPTIONAL_INT32_SCHEMA, OPTIONAL_INT64_SCHEMA,
  type Schema,
} from '../data/schema.ts';
import { SchemaAndValue } from '../data/schema-and-value.ts';
import { validateValue } from '../data/validate-value.ts';
import { converterConfigDef } from './converter-type.ts';

interface NumberCodec {
  readonly name: string;
  readonly schema: Schema;
  readonly size: number;
  write(buf: Buffer, value: never): void;
  read(buf: Buffer): number | bigint;
}

/**
 * Kafka's number converters: the value as the big-endian bytes Kafka's Short/Integer/Long/Float/
 * DoubleSerializer write (so they interoperate with Java producers and consumers).
 */
abstract class NumberConverter implements Converter, HeaderConverter {
  readonly #codec: NumberCodec;

  protected constructor(codec: NumberCodec) {
    this.#codec = codec;
  }

  config(): ConfigDef {
    return converterConfigDef();
  }

  configure(_configs: Record<string, unknown>, _isKey?: boolean): void {}

  fromConnectData(_topic: string, _headers: KafkaHeader[] | null, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    try {
      validateValue(this.#codec.schema, value);
    } catch (e) {
      throw new DataException(`Failed to serialize to ${this.#codec.name} (was ${typeof value}): ${(e as Error).message}`, { cause: e });
    }
    const buf = Buffer.alloc(this.#codec.size);
    this.#codec.write(buf, value as never);
    return buf;
  }

  toConnectData(_topic: string, _headers: KafkaHeader[] | null, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null) return new SchemaAndValue(this.#codec.schema, null);
    if (bytes.length !== this.#codec.size) {
      throw new DataException(`Failed to deserialize ${this.#codec.name}: Size of data received is not ${this.#codec.size}`);
    }
    return new SchemaAndValue(this.#codec.schema, this.#codec.read(bytes));
  }

  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _key: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}

export class ShortConverter extends NumberConverter {
  constructor() {
    super({ name: 'short', schema: OPTIONAL_INT16_SCHEMA, size: 2, write: (b, v: number) => b.writeInt16BE(v), read: (b) => b.readInt16BE() });
  }
}

export class IntegerConverter extends NumberConverter {
  constructor() {
    super({ name: 'integer', schema: OPTIONAL_INT32_SCHEMA, size: 4, write: (b, v: number) => b.writeInt32BE(v), read: (b) => b.readInt32BE() });
  }
}

export class LongConverter extends NumberConverter {
  constructor() {
    super({ name: 'long', schema: OPTIONAL_INT64_SCHEMA, size: 8, write: (b, v: bigint) => b.writeBigInt64BE(v), read: (b) => b.readBigInt64BE() });
  }
}

export class FloatConverter extends NumberConverter {
  constructor() {
    super({ name: 'float', schema: OPTIONAL_FLOAT32_SCHEMA, size: 4, write: (b, v: number) => b.writeFloatBE(v), read: (b) => b.readFloatBE() });
  }
}

export class DoubleConverter extends NumberConverter {
  constructor() {
    super({ name: 'double', schema: OPTIONAL_FLOAT64_SCHEMA, size: 8, write: (b, v: number) => b.writeDoubleBE(v), read: (b) => b.readDoubleBE() });
  }
}
