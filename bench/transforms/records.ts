// ~1 KiB order records, schemaless (plain objects) and schema'd (Structs), with PII in named
// fields and inside a free-text comment.
import { SchemaBuilder, SourceRecord, Struct, INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA, FLOAT64_SCHEMA, OPTIONAL_STRING_SCHEMA, type Schema } from '../../runtime/data/index.ts';

const ADDRESS = SchemaBuilder.struct().field('street', STRING_SCHEMA).field('city', STRING_SCHEMA).field('zip', STRING_SCHEMA).field('country', STRING_SCHEMA).build();
const CUSTOMER = SchemaBuilder.struct().field('id', INT64_SCHEMA).field('name', STRING_SCHEMA).field('email', STRING_SCHEMA)
  .field('phone', STRING_SCHEMA).field('ssn', OPTIONAL_STRING_SCHEMA).field('address', ADDRESS).build();
const ITEM = SchemaBuilder.struct().field('sku', STRING_SCHEMA).field('qty', INT32_SCHEMA).field('price', FLOAT64_SCHEMA).field('card', STRING_SCHEMA).build();
export const ORDER_SCHEMA: Schema = SchemaBuilder.struct().field('order_id', STRING_SCHEMA).field('created_at', INT64_SCHEMA)
  .field('status', STRING_SCHEMA).field('channel', STRING_SCHEMA).field('currency', STRING_SCHEMA).field('total', FLOAT64_SCHEMA)
  .field('customer', CUSTOMER).field('items', SchemaBuilder.array(ITEM).build()).field('comment', STRING_SCHEMA)
  .field('user_agent', STRING_SCHEMA).field('client_ip', STRING_SCHEMA).build();

const COMMENT = 'Please deliver after 6pm, ring twice. If nobody answers call me back or email so we can reschedule. ' +
  'The parcel can be left with the neighbour at number 12 who knows about it. Thanks a lot for the quick service last time!';

export function orderObject(i: number): Record<string, unknown> {
  const pii = i % 4 === 0 ? ` Reach me at user${i}@example.com or +44 20 7946 ${String(1000 + (i % 9000)).padStart(4, '0')}.` : '';
  return {
    order_id: `ord-${i.toString(36)}-2024`, created_at: 1_700_000_000_000 + i, status: 'PAID', channel: 'web', currency: 'EUR', total: 123.45 + i,
    customer: {
      id: 100_000 + i, name: `Customer Number ${i}`, email: `customer${i}@example.com`, phone: '+1 415 555 2671', ssn: '123-45-6789',
      address: { street: `${i} Rue de la Paix`, city: 'Paris', zip: '75002', country: 'FR' },
    },
    items: [
      { sku: 'SKU-0001-RED', qty: 1, price: 19.99, card: '4111 1111 1111 1111' },
      { sku: 'SKU-0042-BLU', qty: 2, price: 49.5, card: '5500 0055 5555 5559' },
      { sku: 'SKU-0777-GRN', qty: 3, price: 5.25, card: '4111 1111 1111 1111' },
    ],
    comment: COMMENT + pii,
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    client_ip: `203.0.113.${i % 250}`,
  };
}

function toStruct(schema: Schema, value: Record<string, unknown>): Struct {
  const struct = new Struct(schema);
  for (const field of schema.fields()) {
    const v = value[field.name];
    if (field.schema.type === 'STRUCT') struct.put(field, toStruct(field.schema, v as Record<string, unknown>));
    else if (field.schema.type === 'ARRAY') struct.put(field, (v as Record<string, unknown>[]).map((item) => toStruct(field.schema.valueSchema!, item)));
    else if (field.schema.type === 'INT64') struct.put(field, BigInt(v as number));
    else struct.put(field, v);
  }
  return struct;
}

export function records(count: number, withSchema: boolean): SourceRecord[] {
  return Array.from({ length: count }, (_, i) => new SourceRecord({
    sourcePartition: null, sourceOffset: null, topic: 'orders', kafkaPartition: 0, timestamp: 1_700_000_000_000 + i,
    valueSchema: withSchema ? ORDER_SCHEMA : null,
    value: withSchema ? toStruct(ORDER_SCHEMA, orderObject(i)) : orderObject(i),
  }));
}

export const RECORD_BYTES = JSON.stringify(orderObject(4)).length;
