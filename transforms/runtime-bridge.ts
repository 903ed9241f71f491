// The one place the transforms import the runtime's SPI and data model from, so a change of
// location or name there is a one-line change here.
export {
  ConnectRecord, Field, Header, Headers, LogicalDate, LogicalTime, LogicalTimestamp, SchemaAndValue, SchemaBuilder,
  SinkRecord, SourceRecord, Struct, copySchemaBasics, valuesEqual, isPlainObject, Decimal, ConnectSchema,
  DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, DECIMAL_LOGICAL_NAME,
  OPTIONAL_STRING_SCHEMA, STRING_SCHEMA, OPTIONAL_INT32_SCHEMA, INT32_SCHEMA, OPTIONAL_INT64_SCHEMA, INT64_SCHEMA,
} from '../runtime/data/index.ts';
export type { Schema, SchemaType } from '../runtime/data/index.ts';
export { ConnectException, DataException } from '../runtime/api/errors.ts';
export type { Transformation, Predicate } from '../runtime/api/transformation.ts';
export { ConfigException } from '../runtime/config/config-exception.ts';
export { ConfigDef } from '../runtime/config/config-def.ts';
export type { ConfigType, Importance, ConfigKey } from '../runtime/config/config-def.ts';
export { NO_DEFAULT_VALUE } from '../runtime/config/config-def.ts';
export { Password } from '../runtime/config/password.ts';
