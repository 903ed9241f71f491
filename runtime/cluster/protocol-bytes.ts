// The primitive types of Kafka's pre-flexible protocol schemas (org.apache.kafka.common.protocol.types),
// which the Connect group protocol still uses for its metadata and assignments: big-endian
// INT16/INT32/INT64, STRING (INT16 length + UTF-8), NULLABLE_BYTES and (nullable) ARRAY with an
// INT32 count where -1 means null.

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

export class ByteWriter {
  readonly #chunks: Buffer[] = [];

  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.#push(b);
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.#push(b);
  }

  int64(value: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    return this.#push(b);
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 0x7fff) throw new SchemaError(`String of ${bytes.length} bytes is longer than the INT16 length allows`);
    return this.int16(bytes.length).#push(bytes);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    return this.int32(value.length).#push(value);
  }

  /** A (nullable) ARRAY: INT32 count (-1 = null), then each element. */
  array<T>(items: readonly T[] | null, writeItem: (w: ByteWriter, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  #push(b: Buffer): this {
    this.#chunks.push(b);
    return this;
  }
}

export class ByteReader {
  readonly #buf: Buffer;
  #pos = 0;

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  /** Kafka's schemas "tolerate missing fields with defaults": trailing fields may be absent. */
  get remaining(): number {
    return this.#buf.length - this.#pos;
  }

  int16(): number {
    return this.#take(2).readInt16BE();
  }

  int32(): number {
    return this.#take(4).readInt32BE();
  }

  int64(): number {
    return Number(this.#take(8).readBigInt64BE());
  }

  string(): string {
    const length = this.int16();
    if (length < 0) throw new SchemaError('Negative STRING length');
    return this.#take(length).toString('utf8');
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    return Buffer.from(this.#take(length));
  }

  array<T>(readItem: (r: ByteReader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    if (count > this.remaining) throw new SchemaError(`ARRAY of ${count} elements in ${this.remaining} bytes`);
    return Array.from({ length: count }, () => readItem(this));
  }

  #take(n: number): Buffer {
    if (this.#pos + n > this.#buf.length) throw new SchemaError(`Expected ${n} more bytes at position ${this.#pos}, found ${this.remaining}`);
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
}
