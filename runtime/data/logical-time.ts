import { DataException } from '../api/errors.ts';
import { DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical-names.ts';
import { ConnectSchema, type Schema } from './schema.ts';
import { SchemaBuilder } from './schema-builder.ts';

const MS_PER_DAY = 86_400_000;

function checkSchemaName(schema: Schema, expected: string, label: string): void {
  if (schema.name !== expected) {
    throw new DataException(`Requested conversion of ${label} object but the schema does not match.`);
  }
}

function checkDate(value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DataException('Expected a valid JS Date');
  }
  return value;
}

/**
 * Kafka's Date logical type: INT32 days since the Unix epoch; the value is a JS Date at midnight UTC.
 * (Named LogicalDate so importing it never shadows the global Date.)
 */
export const LogicalDate = {
  LOGICAL_NAME: DATE_LOGICAL_NAME,
  SCHEMA: new ConnectSchema({ type: 'INT32', name: DATE_LOGICAL_NAME, version: 1 }) as Schema,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1);
  },
  fromLogical(schema: Schema, value: Date): number {
    checkSchemaName(schema, DATE_LOGICAL_NAME, 'Date');
    const ms = checkDate(value).getTime();
    if (ms % MS_PER_DAY !== 0) {
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
    }
    return ms / MS_PER_DAY;
  },
  toLogical(schema: Schema, days: number): Date {
    checkSchemaName(schema, DATE_LOGICAL_NAME, 'Date');
    return new Date(days * MS_PER_DAY);
  },
};

/** Kafka's Time logical type: INT32 milliseconds since midnight; the value is a Date on 1970-01-01 UTC. */
export const LogicalTime = {
  LOGICAL_NAME: TIME_LOGICAL_NAME,
  SCHEMA: new ConnectSchema({ type: 'INT32', name: TIME_LOGICAL_NAME, version: 1 }) as Schema,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1);
  },
  fromLogical(schema: Schema, value: Date): number {
    checkSchemaName(schema, TIME_LOGICAL_NAME, 'Time');
    const ms = checkDate(value).getTime();
    if (ms < 0 || ms >= MS_PER_DAY) {
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.');
    }
    return ms;
  },
  toLogical(schema: Schema, msOfDay: number): Date {
    checkSchemaName(schema, TIME_LOGICAL_NAME, 'Time');
    if (msOfDay < 0 || msOfDay >= MS_PER_DAY) {
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000');
    }
    return new Date(msOfDay);
  },
};

/** Kafka's Timestamp logical type: INT64 milliseconds since the epoch (a bigint); the value is a Date. */
export const LogicalTimestamp = {
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,
  SCHEMA: new ConnectSchema({ type: 'INT64', name: TIMESTAMP_LOGICAL_NAME, version: 1 }) as Schema,
  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1);
  },
  fromLogical(schema: Schema, value: Date): bigint {
    checkSchemaName(schema, TIMESTAMP_LOGICAL_NAME, 'Timestamp');
    return BigInt(checkDate(value).getTime());
  },
  toLogical(schema: Schema, ms: bigint | number): Date {
    checkSchemaName(schema, TIMESTAMP_LOGICAL_NAME, 'Timestamp');
    return new Date(Number(ms));
  },
};
