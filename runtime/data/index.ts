// The Connect data model: what connectors, transforms and converters exchange.
export * from './schema.ts';
export { SchemaBuilder, copySchemaBasics, toSchema, type SchemaLike } from './schema-builder.ts';
export { Struct } from './struct.ts';
export { Decimal, bigintToTwosComplement, twosComplementToBigint } from './decimal.ts';
export { LogicalDate, LogicalTime, LogicalTimestamp } from './logical-time.ts';
export * from './logical-names.ts';
export { validateValue } from './validate-value.ts';
export { valuesEqual } from './values-equal.ts';
export { isPlainObject } from './plain-object.ts';
export { formatValue } from './format-value.ts';
export { SchemaAndValue } from './schema-and-value.ts';
export { Header, Headers, type HeaderTransform } from './headers.ts';
export { ConnectRecord, type ConnectRecordFields } from './connect-record.ts';
export { SourceRecord, type SourceRecordFields, type SourcePartition, type SourceOffset } from './source-record.ts';
export { SinkRecord, type SinkRecordFields, type TimestampType } from './sink-record.ts';
