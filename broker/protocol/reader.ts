// Decoding primitives of the Kafka wire protocol over one Buffer with a cursor.
// Invariant: every read checks the bounds first and throws ProtocolDecodeError past the end, so a
// truncated or hostile frame can never yield garbage values or an out-of-range read.
// `bytes` values are copied out (they are small and often kept, e.g. group member metadata, and
// a view would pin the whole network frame in memory); record blobs and Kafka's `zeroCopy`
// fields are returned as views of the input, because copying megabytes of log data is the cost
// this codec exists to avoid.

export class ProtocolDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolDecodeError';
  }
}

/** Decodes one element of an array; `compact` says whether the enclosing version is flexible. */
export type ItemDecoder<T> = (r: Reader, version: number, compact: boolean) => T;

const TWO_POW_32 = 2 ** 32;
const EMPTY = Buffer.alloc(0);

export class Reader {
  readonly buffer: Buffer;
  /** Cursor: index in `buffer` of the next byte to read. */
  offset: number;
  /** Index in `buffer` one past the last readable byte. */
  readonly end: number;

  constructor(buffer: Buffer, offset = 0, end = buffer.length) {
    if (offset < 0 || end > buffer.length || offset > end) throw new RangeError('reader bounds outside the buffer');
    this.buffer = buffer;
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Advances the cursor by `n` bytes and returns where they start. */
  private take(n: number, what: string): number {
    const at = this.offset;
    if (n > this.end - at) {
      throw new ProtocolDecodeError(`${what}: needs ${n} bytes at offset ${at}, only ${this.end - at} left`);
    }
    this.offset = at + n;
    return at;
  }

  skip(n: number): void {
    this.take(n, 'skip');
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1, 'int8'));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2, 'int16'));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4, 'int32'));
  }

  /** int64 as a number: exact for |n| < 2^53 (see docs/adr/20261123-generated-protocol-codecs.md). */
  int64(): number {
    const at = this.take(8, 'int64');
    return this.buffer.readInt32BE(at) * TWO_POW_32 + this.buffer.readUInt32BE(at + 4);
  }

  uint16(): number {
    return this.buffer.readUInt16BE(this.take(2, 'uint16'));
  }

  uint32(): number {
    return this.buffer.readUInt32BE(this.take(4, 'uint32'));
  }

  float64(): number {
    return this.buffer.readDoubleBE(this.take(8, 'float64'));
  }

  bool(): boolean {
    return this.buffer[this.take(1, 'bool')] !== 0;
  }

  /** Unsigned varint of at most 5 bytes (32 bits), as used by compact lengths and tags. */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer[this.take(1, 'varint')];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new ProtocolDecodeError(`unsigned varint longer than 32 bits before offset ${this.offset}`);
  }

  /** Zig-zag signed varint (int32), as used inside records. */
  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** Zig-zag signed varlong (int64) as a number, exact for |n| < 2^53. */
  varlong(): number {
    let raw = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.buffer[this.take(1, 'varlong')];
      raw += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    throw new ProtocolDecodeError(`varlong longer than 64 bits before offset ${this.offset}`);
  }

  /** 16 bytes, returned in Kafka's string form: URL-safe base64 without padding (22 chars). */
  uuid(): string {
    const at = this.take(16, 'uuid');
    return this.buffer.toString('base64url', at, at + 16);
  }

  /** Length of a string/bytes/array: -1 means null. Compact lengths are stored as length + 1. */
  private length(compact: boolean, classicWidth: 2 | 4, what: string): number {
    const n = compact ? this.uvarint() - 1 : classicWidth === 2 ? this.int16() : this.int32();
    if (n < -1) throw new ProtocolDecodeError(`${what}: negative length ${n} before offset ${this.offset}`);
    return n;
  }

  private nonNull(n: number, what: string): number {
    if (n === -1) throw new ProtocolDecodeError(`${what}: null where the version does not allow it (offset ${this.offset})`);
    return n;
  }

  string(compact: boolean): string {
    return this.utf8(this.nonNull(this.length(compact, 2, 'string'), 'string'));
  }

  nullableString(compact: boolean): string | null {
    const n = this.length(compact, 2, 'string');
    return n === -1 ? null : this.utf8(n);
  }

  private utf8(n: number): string {
    const at = this.take(n, 'string');
    return this.buffer.toString('utf8', at, at + n);
  }

  /** A copy of the next bytes: safe to keep after the input buffer is reused or released. */
  bytes(compact: boolean): Buffer {
    return Buffer.from(this.bytesView(compact));
  }

  nullableBytes(compact: boolean): Buffer | null {
    const view = this.nullableBytesView(compact);
    return view === null ? null : Buffer.from(view);
  }

  /** A view of the next bytes of the input (shares its memory), for record blobs. */
  bytesView(compact: boolean): Buffer {
    return this.view(this.nonNull(this.length(compact, 4, 'bytes'), 'bytes'));
  }

  nullableBytesView(compact: boolean): Buffer | null {
    const n = this.length(compact, 4, 'bytes');
    return n === -1 ? null : this.view(n);
  }

  private view(n: number): Buffer {
    if (n === 0) return EMPTY;
    const at = this.take(n, 'bytes');
    return this.buffer.subarray(at, at + n);
  }

  array<T>(compact: boolean, item: ItemDecoder<T>, version: number): T[] {
    return this.items(this.nonNull(this.length(compact, 4, 'array'), 'array'), compact, item, version);
  }

  nullableArray<T>(compact: boolean, item: ItemDecoder<T>, version: number): T[] | null {
    const n = this.length(compact, 4, 'array');
    return n === -1 ? null : this.items(n, compact, item, version);
  }

  private items<T>(count: number, compact: boolean, item: ItemDecoder<T>, version: number): T[] {
    // Every element takes at least one byte: a count beyond the remaining bytes is garbage, and
    // checking it first keeps a hostile count from allocating a huge array (Kafka does the same).
    if (count > this.remaining) {
      throw new ProtocolDecodeError(`array of ${count} elements but only ${this.remaining} bytes left at offset ${this.offset}`);
    }
    const out = new Array<T>(count);
    for (let i = 0; i < count; i++) out[i] = item(this, version, compact);
    return out;
  }

  /**
   * Reads a tagged-field section. Each field is handed to `onField` as a Reader bounded to that
   * field's bytes, so a field can never read into its neighbour; the cursor then moves past the
   * field whatever `onField` consumed, which is how unknown tags are skipped.
   */
  taggedFields(onField?: (tag: number, field: Reader) => void): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      const at = this.take(size, `tagged field ${tag}`);
      onField?.(tag, new Reader(this.buffer, at, at + size));
    }
  }
}

/** Element decoders for arrays of primitives. */
export const readItem = {
  int8: (r: Reader) => r.int8(),
  int16: (r: Reader) => r.int16(),
  int32: (r: Reader) => r.int32(),
  int64: (r: Reader) => r.int64(),
  uint16: (r: Reader) => r.uint16(),
  uint32: (r: Reader) => r.uint32(),
  float64: (r: Reader) => r.float64(),
  bool: (r: Reader) => r.bool(),
  uuid: (r: Reader) => r.uuid(),
  string: (r: Reader, _version: number, compact: boolean) => r.string(compact),
} as const;
