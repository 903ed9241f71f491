// Zig-zag varints as used inside record bodies. Values are JS numbers: record fields (lengths,
// deltas, timestamps) stay far below 2^53, so varlongs are computed with arithmetic rather than
// BigInt, which keeps decoding cheap.
import { KafkaError } from '../../kafka-error.ts';

export class ByteReader {
  readonly buf: Buffer;
  position: number;
  readonly end: number;

  constructor(buf: Buffer, position = 0, end = buf.length) {
    this.buf = buf;
    this.position = position;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  readInt8(): number {
    this.require(1);
    return this.buf.readInt8(this.position++);
  }

  readInt16(): number {
    this.require(2);
    const v = this.buf.readInt16BE(this.position);
    this.position += 2;
    return v;
  }

  readInt32(): number {
    this.require(4);
    const v = this.buf.readInt32BE(this.position);
    this.position += 4;
    return v;
  }

  /** Zig-zag varlong (up to 10 bytes), decoded without BigInt. */
  readVarlong(): number {
    let raw = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      this.require(1);
      const byte = this.buf[this.position++];
      raw += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      multiplier *= 128;
    }
    throw new KafkaError('CORRUPT_MESSAGE', 'varint longer than 10 bytes');
  }

  readVarint(): number {
    const v = this.readVarlong();
    if (v > 0x7fffffff || v < -0x80000000) throw new KafkaError('CORRUPT_MESSAGE', `varint ${v} overflows int32`);
    return v;
  }

  /** Length-prefixed bytes; a negative length means null. */
  readVarBytes(): Buffer | null {
    const length = this.readVarint();
    if (length < 0) return null;
    this.require(length);
    const bytes = this.buf.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }

  private require(n: number): void {
    if (this.position + n > this.end) {
      throw new KafkaError('CORRUPT_MESSAGE', `record data ends ${this.position + n - this.end} byte(s) early`);
    }
  }
}

/** Appends into a growable buffer; `finish()` returns the written bytes. */
export class ByteWriter {
  private buf: Buffer;
  private length = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  get size(): number {
    return this.length;
  }

  writeInt8(v: number): void {
    this.ensure(1);
    this.length = this.buf.writeInt8(v, this.length);
  }

  writeInt16(v: number): void {
    this.ensure(2);
    this.length = this.buf.writeInt16BE(v, this.length);
  }

  writeInt32(v: number): void {
    this.ensure(4);
    this.length = this.buf.writeInt32BE(v, this.length);
  }

  writeUInt32(v: number): void {
    this.ensure(4);
    this.length = this.buf.writeUInt32BE(v, this.length);
  }

  writeInt64(v: number): void {
    this.ensure(8);
    this.length = this.buf.writeBigInt64BE(BigInt(v), this.length);
  }

  writeVarlong(v: number): void {
    let raw = v >= 0 ? v * 2 : -v * 2 - 1;
    this.ensure(10);
    while (raw >= 128) {
      this.buf[this.length++] = (raw % 128) | 0x80;
      raw = Math.floor(raw / 128);
    }
    this.buf[this.length++] = raw;
  }

  writeVarint(v: number): void {
    this.writeVarlong(v);
  }

  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Varint length then bytes; null is length -1. */
  writeVarBytes(bytes: Uint8Array | null): void {
    if (bytes === null) {
      this.writeVarint(-1);
      return;
    }
    this.writeVarint(bytes.length);
    this.writeBytes(bytes);
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}

/** Bytes a zig-zag varint of `v` occupies. */
export function sizeOfVarlong(v: number): number {
  let raw = v >= 0 ? v * 2 : -v * 2 - 1;
  let bytes = 1;
  while (raw >= 128) {
    raw = Math.floor(raw / 128);
    bytes++;
  }
  return bytes;
}
