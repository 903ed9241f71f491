/**
 * Cuts complete lines out of bytes read so far, counting bytes so that each line's offset is the
 * file position just after its terminator. `\n`, `\r\n` and a lone `\r` end a line, as in Kafka's
 * FileStreamSourceTask; a `\r` at the end of the data waits for the next byte (it may be `\r\n`).
 * Splitting bytes is safe for UTF-8: no multi-byte character contains 0x0A or 0x0D.
 */
export class LineSplitter {
  #pending: Buffer = Buffer.alloc(0);
  #position: number | null;

  /** `position` is where the next byte comes from; null when positions are not tracked (stdin). */
  constructor(position: number | null) {
    this.#position = position;
  }

  /** The position of the first byte not yet part of a returned line. */
  get position(): number | null {
    return this.#position;
  }

  /** Bytes held back (an incomplete last line). */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
  }

  /** The next complete line and the position after it, or null when no complete line is buffered. */
  next(): { line: string; position: number | null } | null {
    const data = this.#pending;
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (byte !== 0x0a && byte !== 0x0d) continue;
      let end = i + 1;
      if (byte === 0x0d) {
        if (i + 1 >= data.length) return null;
        if (data[i + 1] === 0x0a) end = i + 2;
      }
      const line = data.toString('utf8', 0, i);
      this.#pending = data.subarray(end);
      if (this.#position !== null) this.#position += end;
      return { line, position: this.#position };
    }
    return null;
  }
}
