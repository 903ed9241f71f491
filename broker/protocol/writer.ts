// Encoding primitives of the Kafka wire protocol.
// Small writes go into an internal buffer that grows by starting a fresh, larger one (the filled
// part is kept as a chunk, never copied). Record blobs and large byte values are appended as
// chunks by reference: a Fetch response carrying megabytes of log data is written to the socket
// straight from the log's buffers. The output is a list of chunks plus its total length, which
// the server puts in the 4-byte size prefix before writing the chunks.
// Invariant: a chunk appended by reference must not be mutated until the output has been sent.

export class ProtocolEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolEncodeError';
  }
}

/** Encodes one element of an array; `compact` says whether the enclosing version is flexible. */
export type ItemEncoder<T> = (w: Writer, version: number, value: T, compact: boolean) => void;

/** A record-batch blob to encode: one buffer or several, written without copying. */
export type RecordsData = Buffer | Buffer[];

const TWO_POW_32 = 2 ** 32;
const TWO_POW_63 = 2 ** 63;
/** Byte values at least this long are referenced rather than copied. */
const REFERENCE_THRESHOLD = 1024;
const UUID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

export class Writer {
  private buf: Buffer;
  private pos = 0;
  /** Start in `buf` of the bytes not yet handed over to `chunks`. */
  private segmentStart = 0;
  private readonly chunks: Buffer[] = [];
  private chunkBytes = 0;

  constructor(initialCapacity = 512) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** Total number of bytes written so far. */
  get length(): number {
    return this.chunkBytes + this.pos - this.segmentStart;
  }

  /** The output as chunks to write in order (e.g. with `socket.cork()` / `writev`). */
  toChunks(): Buffer[] {
    const segment = this.buf.subarray(this.segmentStart, this.pos);
    return segment.length === 0 ? this.chunks.slice() : [...this.chunks, segment];
  }

  /** The output as one buffer: copies, meant for tests and small messages. */
  toBuffer(): Buffer {
    return Buffer.concat(this.toChunks(), this.length);
  }

  /**
   * Makes room for `n` more bytes and returns where they go. It may replace `this.buf`, so
   * callers read `this.buf` only after calling it.
   */
  private reserve(n: number): number {
    if (this.pos + n > this.buf.length) {
      this.closeSegment();
      this.buf = Buffer.allocUnsafe(Math.max(this.buf.length * 2, n));
      this.pos = 0;
      this.segmentStart = 0;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private closeSegment(): void {
    if (this.pos > this.segmentStart) this.pushChunk(this.buf.subarray(this.segmentStart, this.pos));
    this.segmentStart = this.pos;
  }

  private pushChunk(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
  }

  /** Appends bytes by reference (zero-copy). */
  appendChunk(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.closeSegment();
    this.pushChunk(chunk);
  }

  /** Appends raw bytes: copied when small, referenced when large. */
  raw(data: Buffer): void {
    if (data.length >= REFERENCE_THRESHOLD) {
      this.appendChunk(data);
    } else {
      const at = this.reserve(data.length);
      data.copy(this.buf, at);
    }
  }

  int8(n: number): void {
    const at = this.reserve(1);
    this.buf.writeInt8(n, at);
  }

  int16(n: number): void {
    const at = this.reserve(2);
    this.buf.writeInt16BE(n, at);
  }

  int32(n: number): void {
    const at = this.reserve(4);
    this.buf.writeInt32BE(n, at);
  }

  /**
   * int64 from a number (exact for |n| < 2^53). Values at or beyond ±2^63 saturate, so Kafka's
   * Long.MAX_VALUE / MIN_VALUE sentinels, which decode to ±2^63, encode back to themselves.
   */
  int64(n: number): void {
    const at = this.reserve(8);
    let hi: number;
    let lo: number;
    if (n >= TWO_POW_63) {
      hi = 0x7fffffff;
      lo = 0xffffffff;
    } else if (n < -TWO_POW_63) {
      hi = -0x80000000;
      lo = 0;
    } else {
      hi = Math.floor(n / TWO_POW_32);
      lo = n - hi * TWO_POW_32;
    }
    this.buf.writeInt32BE(hi, at);
    this.buf.writeUInt32BE(lo, at + 4);
  }

  uint16(n: number): void {
    const at = this.reserve(2);
    this.buf.writeUInt16BE(n, at);
  }

  uint32(n: number): void {
    const at = this.reserve(4);
    this.buf.writeUInt32BE(n, at);
  }

  float64(n: number): void {
    const at = this.reserve(8);
    this.buf.writeDoubleBE(n, at);
  }

  bool(b: boolean): void {
    const at = this.reserve(1);
    this.buf[at] = b ? 1 : 0;
  }

  /** Unsigned varint of a value in [0, 2^32). */
  uvarint(n: number): void {
    if (!(n >= 0 && n <= 0xffffffff) || !Number.isInteger(n)) {
      throw new ProtocolEncodeError(`unsigned varint out of range: ${n}`);
    }
    this.varBytes(n);
  }

  /** Zig-zag signed varint (int32). */
  varint(n: number): void {
    this.varBytes(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  /** Zig-zag signed varlong (int64) from a number. */
  varlong(n: number): void {
    this.varBytes(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  // Arithmetic instead of bit operators: the value may exceed 32 bits (varlong).
  private varBytes(value: number): void {
    while (value >= 0x80) {
      const at = this.reserve(1);
      this.buf[at] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    const at = this.reserve(1);
    this.buf[at] = value;
  }

  /** A uuid in Kafka's string form (22 chars of URL-safe base64), written as 16 bytes. */
  uuid(id: string): void {
    if (!UUID_PATTERN.test(id)) throw new ProtocolEncodeError(`not a Kafka uuid string: ${JSON.stringify(id)}`);
    const at = this.reserve(16);
    this.buf.write(id, at, 16, 'base64url');
  }

  private writeLength(compact: boolean, classicWidth: 2 | 4, n: number): void {
    if (compact) {
      this.uvarint(n + 1);
    } else if (classicWidth === 2) {
      if (n > 0x7fff) throw new ProtocolEncodeError(`string of ${n} bytes exceeds the int16 length limit`);
      this.int16(n);
    } else {
      this.int32(n);
    }
  }

  string(compact: boolean, s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.writeLength(compact, 2, n);
    if (n > 0) {
      const at = this.reserve(n);
      this.buf.write(s, at, n, 'utf8');
    }
  }

  nullableString(compact: boolean, s: string | null): void {
    if (s === null) this.writeLength(compact, 2, -1);
    else this.string(compact, s);
  }

  bytes(compact: boolean, b: Buffer): void {
    this.writeLength(compact, 4, b.length);
    this.raw(b);
  }

  nullableBytes(compact: boolean, b: Buffer | null): void {
    if (b === null) this.writeLength(compact, 4, -1);
    else this.bytes(compact, b);
  }

  /** A record-batch blob: every chunk is appended by reference, whatever its size. */
  records(compact: boolean, data: RecordsData): void {
    if (Buffer.isBuffer(data)) {
      this.writeLength(compact, 4, data.length);
      this.appendChunk(data);
      return;
    }
    let total = 0;
    for (const chunk of data) total += chunk.length;
    this.writeLength(compact, 4, total);
    for (const chunk of data) this.appendChunk(chunk);
  }

  nullableRecords(compact: boolean, data: RecordsData | null): void {
    if (data === null) this.writeLength(compact, 4, -1);
    else this.records(compact, data);
  }

  array<T>(compact: boolean, items: readonly T[], item: ItemEncoder<T>, version: number): void {
    this.writeLength(compact, 4, items.length);
    for (const value of items) item(this, version, value, compact);
  }

  nullableArray<T>(compact: boolean, items: readonly T[] | null, item: ItemEncoder<T>, version: number): void {
    if (items === null) this.writeLength(compact, 4, -1);
    else this.array(compact, items, item, version);
  }

  /**
   * One entry of a tagged-field section: tag, size, payload. The payload is encoded into a
   * scratch writer first because its size precedes it. Tagged fields are rare and small.
   */
  taggedField(tag: number, encode: (w: Writer) => void): void {
    const payload = new Writer(64);
    encode(payload);
    this.uvarint(tag);
    this.uvarint(payload.length);
    for (const chunk of payload.toChunks()) this.raw(chunk);
  }
}

/** Element encoders for arrays of primitives. */
export const writeItem = {
  int8: (w: Writer, _v: number, n: number) => w.int8(n),
  int16: (w: Writer, _v: number, n: number) => w.int16(n),
  int32: (w: Writer, _v: number, n: number) => w.int32(n),
  int64: (w: Writer, _v: number, n: number) => w.int64(n),
  uint16: (w: Writer, _v: number, n: number) => w.uint16(n),
  uint32: (w: Writer, _v: number, n: number) => w.uint32(n),
  float64: (w: Writer, _v: number, n: number) => w.float64(n),
  bool: (w: Writer, _v: number, b: boolean) => w.bool(b),
  uuid: (w: Writer, _v: number, id: string) => w.uuid(id),
  string: (w: Writer, _v: number, s: string, compact: boolean) => w.string(compact, s),
} as const;
