import type { Converter, HeaderConverter, KafkaHeader } from '../api/converter.ts';
import { DataException } from '../api/errors.ts';
import type { ConfigDef } from '../config/config-def.ts';
import { formatValue } from '../data/format-value.ts';
import { OPTIONAL_STRING_SCHEMA, type Schema } from '../data/schema.ts';
import { SchemaAndValue } from '../data/schema-and-value.ts';
import { CONVERTER_TYPE_CONFIG, converterConfigDef, withConverterType, type ConverterType } from './converter-type.ts';

export const ENCODING_CONFIG = 'converter.encoding';

/** Java charset names Kafka users write, mapped to Node's encodings. */
const ENCODINGS: Record<string, BufferEncoding> = {
  'UTF8': 'utf8', 'UTF-8': 'utf8', 'US-ASCII': 'ascii', 'ASCII': 'ascii', 'ISO-8859-1': 'latin1',
  'ISO8859_1': 'latin1', 'LATIN1': 'latin1', 'UTF-16LE': 'utf16le', 'UTF_16LE': 'utf16le',
};

export function stringConverterConfigDef(): ConfigDef {
  return converterConfigDef().define({
    name: ENCODING_CONFIG, type: 'STRING', defaultValue: 'UTF8', importance: 'HIGH', group: 'Converter',
    orderInGroup: 0, width: 'MEDIUM', displayName: 'Encoding',
    documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
    validator: { ensureValid: (name, v) => { encodingOf(name, v); }, toString: () => Object.keys(ENCODINGS).join(', ') },
  });
}

/** Kafka's StringConverter: any value as its string form; bytes always read as an optional string. */
export class StringConverter implements Converter, HeaderConverter {
  #encoding: BufferEncoding = 'utf8';

  config(): ConfigDef {
    return stringConverterConfigDef();
  }

  configure(configs: Record<string, unknown>, isKey?: boolean): void {
    const type = isKey === undefined ? (configs[CONVERTER_TYPE_CONFIG] ?? 'header') : isKey ? 'key' : 'value';
    const parsed = stringConverterConfigDef().parse(withConverterType(configs, type as ConverterType));
    this.#encoding = encodingOf(ENCODING_CONFIG, parsed[ENCODING_CONFIG]);
  }

  fromConnectData(_topic: string, _headers: KafkaHeader[] | null, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(typeof value === 'string' ? value : formatValue(value), this.#encoding);
  }

  toConnectData(_topic: string, _headers: KafkaHeader[] | null, bytes: Buffer | null): SchemaAndValue {
    return new SchemaAndValue(OPTIONAL_STRING_SCHEMA, bytes === null ? null : bytes.toString(this.#encoding));
  }

  fromConnectHeader(topic: string, _key: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _key: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}

function encodingOf(name: string, value: unknown): BufferEncoding {
  const encoding = typeof value === 'string' ? ENCODINGS[value.toUpperCase()] : undefined;
  if (encoding === undefined) throw new DataException(`Invalid value ${String(value)} for ${name}: unsupported character set`);
  return encoding;
}
