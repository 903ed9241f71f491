// org.apache.kafka.connect.transforms.TimestampConverter: converts a timestamp field (or the whole
// key/value) between string, unix, Date, Time and Timestamp representations.
import { ConfigException, ConnectException, DataException, DATE_LOGICAL_NAME, Struct, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, type ConnectRecord, type Schema, type Transformation } from '../runtime-bridge.ts';
import { configDefOf, oneOf, parseConfig, type ConfigKeySpec, type RawConfig } from '../config-spec.ts';
import type { Operand } from '../operand.ts';
import { className, requireMap, requireStructOrNull } from '../requirements.ts';
import { mapCopy, mapGet, mapSet } from '../schemaless.ts';
import { SimpleDateFormat } from '../time/simple-date-format.ts';
import { REPLACE_NULL_WITH_DEFAULT, fieldValue } from './shared.ts';
import { structLike } from './schema-copy.ts';
import { TRANSLATORS, type TimestampType, type TranslatorConfig, type UnixPrecision } from './timestamp-translators.ts';

const PURPOSE = 'converting timestamp formats';

export const TIMESTAMP_CONVERTER_CONFIG: readonly ConfigKeySpec[] = [
  { name: 'field', type: 'STRING', default: '', importance: 'HIGH', doc: 'The field containing the timestamp, or empty if the entire value is a timestamp' },
  {
    name: 'target.type', type: 'STRING', importance: 'HIGH', validValues: '[string, unix, Date, Time, Timestamp]',
    validate: oneOf('string', 'unix', 'Date', 'Time', 'Timestamp'),
    doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
  },
  {
    name: 'format', type: 'STRING', default: '', importance: 'MEDIUM',
    doc: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
  },
  {
    name: 'unix.precision', type: 'STRING', default: 'milliseconds', importance: 'LOW',
    validValues: '[nanoseconds, microseconds, milliseconds, seconds]', validate: oneOf('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    doc: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long. ' +
      'Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
  },
  REPLACE_NULL_WITH_DEFAULT,
];

function typeFromSchema(schema: Schema): TimestampType {
  if (schema.name === TIMESTAMP_LOGICAL_NAME) return 'Timestamp';
  if (schema.name === DATE_LOGICAL_NAME) return 'Date';
  if (schema.name === TIME_LOGICAL_NAME) return 'Time';
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw new ConnectException(`Schema ${schema.toString()} does not correspond to a known timestamp type format`);
}

function inferType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support ${className(value)} objects as timestamps`);
}

export class TimestampConverter<R extends ConnectRecord<R>> implements Transformation<R> {
  readonly #operand: Operand;
  #field = '';
  #target: TimestampType = 'Timestamp';
  #translatorConfig: TranslatorConfig = { format: null, unixPrecision: 'milliseconds' };
  #replaceNullWithDefault = true;
  #schemaCache = new WeakMap<Schema, Schema>();

  constructor(operand: Operand) {
    this.#operand = operand;
  }

  configure(configs: RawConfig): void {
    const values = parseConfig(TIMESTAMP_CONVERTER_CONFIG, configs);
    this.#field = values.field;
    this.#target = values['target.type'];
    const pattern: string = values.format;
    if (this.#target === 'string' && pattern.trim() === '') {
      throw new ConfigException('TimestampConverter requires format option to be specified when using string timestamps');
    }
    let format: SimpleDateFormat | null = null;
    if (pattern.trim() !== '') {
      try {
        format = new SimpleDateFormat(pattern);
      } catch (error) {
        throw new ConfigException(`TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`, undefined, (error as Error).message);
      }
    }
    this.#translatorConfig = { format, unixPrecision: values['unix.precision'] as UnixPrecision };
    this.#replaceNullWithDefault = values['replace.null.with.default'];
    this.#schemaCache = new WeakMap();
  }

  apply(record: R): R {
    const schema = this.#operand.schema(record);
    const value = this.#operand.value(record);
    if (schema === null) {
      if (value === null || this.#field === '') return this.#operand.update(record, null, this.#convert(value, null));
      const updated = mapCopy(requireMap(value, PURPOSE));
      mapSet(updated, this.#field, this.#convert(mapGet(updated, this.#field) ?? null, null));
      return this.#operand.update(record, null, updated);
    }
    if (this.#field === '') {
      return this.#operand.update(record, TRANSLATORS[this.#target].typeSchema(schema.isOptional), this.#convert(value, typeFromSchema(schema)));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#updatedSchema(schema);
    return this.#operand.update(record, updatedSchema, this.#convertStruct(struct, updatedSchema));
  }

  #updatedSchema(schema: Schema): Schema {
    let updated = this.#schemaCache.get(schema);
    if (updated !== undefined) return updated;
    const builder = structLike(schema);
    for (const field of schema.fields()) {
      builder.field(field.name, field.name === this.#field ? TRANSLATORS[this.#target].typeSchema(field.schema.isOptional) : field.schema);
    }
    if (schema.isOptional) builder.optional();
    if (schema.defaultValue instanceof Struct) builder.defaultValue(this.#convertStruct(schema.defaultValue, builder.build()));
    updated = builder.build();
    this.#schemaCache.set(schema, updated);
    return updated;
  }

  #convertStruct(struct: Struct | null, schema: Schema): Struct | null {
    if (struct === null) return null;
    const updated = new Struct(schema);
    for (const field of struct.schema.fields()) {
      const original = fieldValue(struct, field, this.#replaceNullWithDefault);
      updated.put(field.name, field.name === this.#field ? this.#convert(original, typeFromSchema(field.schema)) : original);
    }
    return updated;
  }

  #convert(value: unknown, sourceType: TimestampType | null): unknown {
    if (value === null || value === undefined) return null;
    const raw = TRANSLATORS[sourceType ?? inferType(value)].toRaw(this.#translatorConfig, value);
    return TRANSLATORS[this.#target].toType(this.#translatorConfig, raw);
  }

  config() { return configDefOf(TIMESTAMP_CONVERTER_CONFIG); }
  close(): void {}
}
