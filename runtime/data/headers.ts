import { DataException } from '../api/errors.ts';
import { Decimal } from './decimal.ts';
import { LogicalDate, LogicalTime, LogicalTimestamp } from './logical-time.ts';
import {
  BOOLEAN_SCHEMA, BYTES_SCHEMA, FLOAT32_SCHEMA, FLOAT64_SCHEMA, INT16_SCHEMA, INT32_SCHEMA, INT64_SCHEMA,
  INT8_SCHEMA, OPTIONAL_STRING_SCHEMA, STRING_SCHEMA, type Schema,
} from './schema.ts';
import { SchemaAndValue } from './schema-and-value.ts';
import { validateValue } from './validate-value.ts';
import { valuesEqual } from './values-equal.ts';
import { formatValue } from './format-value.ts';

/** One Connect header: a key and a value with its (optional) schema. Immutable. */
export class Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(key: string, schema: Schema | null, value: unknown) {
    this.key = key;
    this.schema = schema;
    this.value = value;
    Object.freeze(this);
  }

  /** A copy with the same key and another schema and value. */
  with(schema: Schema | null, value: unknown): Header {
    return new Header(this.key, schema, value);
  }

  rename(key: string): Header {
    return new Header(key, this.schema, this.value);
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Header) || other.key !== this.key) return false;
    const schemasMatch = this.schema === null ? other.schema === null : this.schema.equals(other.schema);
    return schemasMatch && valuesEqual(this.value, other.value);
  }

  toString(): string {
    return `ConnectHeader(key=${this.key}, value=${formatValue(this.value)}, schema=${String(this.schema)})`;
  }
}

/** Maps a header to its replacement (or null to remove it), for Headers.apply. */
export type HeaderTransform = (header: Header) => Header | null;

/** Shared by every empty Headers; never written to (#append replaces it). */
const NO_HEADERS: Header[] = [];
Object.freeze(NO_HEADERS);

/**
 * Connect record headers: ordered, and a key may appear more than once (Kafka's ConnectHeaders).
 * Mutable; `duplicate()` gives an independent copy (newRecord callers use it to avoid sharing).
 */
export class Headers implements Iterable<Header> {
  /** NO_HEADERS until the first header is added: most records have none and live until acknowledged. */
  #headers: Header[];

  constructor(headers?: Iterable<Header>) {
    this.#headers = headers === undefined ? NO_HEADERS : [...headers];
  }

  get size(): number { return this.#headers.length; }
  isEmpty(): boolean { return this.#headers.length === 0; }

  [Symbol.iterator](): Iterator<Header> {
    return this.#headers[Symbol.iterator]();
  }

  /** Adds a header; a non-null value must be valid for a non-null schema. */
  add(header: Header): this;
  add(key: string, value: SchemaAndValue): this;
  add(key: string, value: unknown, schema: Schema | null): this;
  add(keyOrHeader: string | Header, value?: unknown, schema?: Schema | null): this {
    if (keyOrHeader instanceof Header) return this.#append(keyOrHeader);
    if (value instanceof SchemaAndValue && schema === undefined) {
      return this.#append(new Header(keyOrHeader, value.schema, value.value));
    }
    return this.#append(new Header(keyOrHeader, schema ?? null, value ?? null));
  }

  addString(key: string, value: string | null): this {
    return this.add(key, value, value === null ? OPTIONAL_STRING_SCHEMA : STRING_SCHEMA);
  }

  addBoolean(key: string, value: boolean): this { return this.add(key, value, BOOLEAN_SCHEMA); }
  addByte(key: string, value: number): this { return this.add(key, value, INT8_SCHEMA); }
  addShort(key: string, value: number): this { return this.add(key, value, INT16_SCHEMA); }
  addInt(key: string, value: number): this { return this.add(key, value, INT32_SCHEMA); }
  addLong(key: string, value: bigint): this { return this.add(key, value, INT64_SCHEMA); }
  addFloat(key: string, value: number): this { return this.add(key, value, FLOAT32_SCHEMA); }
  addDouble(key: string, value: number): this { return this.add(key, value, FLOAT64_SCHEMA); }
  addBytes(key: string, value: Uint8Array): this { return this.add(key, value, BYTES_SCHEMA); }
  addList(key: string, value: unknown[], schema: Schema): this { return this.add(key, value, schema); }
  addMap(key: string, value: Map<unknown, unknown>, schema: Schema): this { return this.add(key, value, schema); }
  addStruct(key: string, value: { schema: Schema }): this { return this.add(key, value, value.schema); }
  addDecimal(key: string, value: Decimal): this { return this.add(key, value, Decimal.schema(value.scale)); }
  addDate(key: string, value: Date): this { return this.add(key, value, LogicalDate.SCHEMA); }
  addTime(key: string, value: Date): this { return this.add(key, value, LogicalTime.SCHEMA); }
  addTimestamp(key: string, value: Date): this { return this.add(key, value, LogicalTimestamp.SCHEMA); }

  /** The last header with this key, or undefined. */
  lastWithName(key: string): Header | undefined {
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      if (this.#headers[i].key === key) return this.#headers[i];
    }
    return undefined;
  }

  /** Every header with this key, in order. */
  allWithName(key: string): Header[] {
    return this.#headers.filter((h) => h.key === key);
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    this.#headers = this.#headers.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of `key` — or, with no key, the last header of every key. */
  retainLatest(key?: string): this {
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      const h = this.#headers[i];
      if ((key === undefined || h.key === key) && seen.has(h.key)) continue;
      seen.add(h.key);
      kept.push(h);
    }
    this.#headers = kept.reverse();
    return this;
  }

  clear(): this {
    this.#headers = [];
    return this;
  }

  /** Replaces each header (of `key`, or all) by what `transform` returns; null drops it. */
  apply(transform: HeaderTransform): this;
  apply(key: string, transform: HeaderTransform): this;
  apply(keyOrTransform: string | HeaderTransform, maybeTransform?: HeaderTransform): this {
    const key = typeof keyOrTransform === 'string' ? keyOrTransform : undefined;
    const transform = typeof keyOrTransform === 'string' ? maybeTransform! : keyOrTransform;
    const next: Header[] = [];
    for (const h of this.#headers) {
      const replaced = key === undefined || h.key === key ? transform(h) : h;
      if (replaced !== null) next.push(replaced);
    }
    this.#headers = next;
    return this;
  }

  duplicate(): Headers {
    return new Headers(this.#headers.length === 0 ? undefined : this.#headers);
  }

  toArray(): Header[] {
    return [...this.#headers];
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Headers) || other.size !== this.size) return false;
    return this.#headers.every((h, i) => h.equals(other.#headers[i]));
  }

  toString(): string {
    return `ConnectHeaders(headers=${this.#headers.map((h) => h.toString()).join(', ')})`;
  }

  #append(header: Header): this {
    if (header.key == null) throw new DataException('Header key cannot be null');
    if (header.schema !== null && header.value !== null) validateValue(header.schema, header.value, header.key);
    if (this.#headers === NO_HEADERS) this.#headers = [header];
    else this.#headers.push(header);
    return this;
  }
}
