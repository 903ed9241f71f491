// The sparse offset index of one segment, Kafka's `.index` format: entries of 8 bytes, a 4-byte
// offset relative to the segment's base offset and the 4-byte file position of the batch whose
// *last* offset that is. Entries are strictly increasing in both fields. The index is kept in
// memory and written whole (segments are ≤ segment.index.bytes / 8 entries).

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export class OffsetIndex {
  readonly baseOffset: number;
  private readonly relativeOffsets: number[] = [];
  private readonly positions: number[] = [];

  constructor(baseOffset: number) {
    this.baseOffset = baseOffset;
  }

  get entries(): number {
    return this.positions.length;
  }

  get lastOffset(): number {
    const n = this.relativeOffsets.length;
    return n === 0 ? this.baseOffset : this.baseOffset + this.relativeOffsets[n - 1];
  }

  get lastPosition(): number {
    const n = this.positions.length;
    return n === 0 ? 0 : this.positions[n - 1];
  }

  append(offset: number, position: number): void {
    this.relativeOffsets.push(offset - this.baseOffset);
    this.positions.push(position);
  }

  /** Position of the last entry whose offset is ≤ `offset` (0 when none): where a scan starts. */
  lookup(offset: number): number {
    const relative = offset - this.baseOffset;
    let lo = 0;
    let hi = this.relativeOffsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relativeOffsets[mid] <= relative) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.positions[found];
  }

  serialize(): Buffer {
    const out = Buffer.allocUnsafe(this.positions.length * OFFSET_INDEX_ENTRY_SIZE);
    for (let i = 0; i < this.positions.length; i++) {
      out.writeInt32BE(this.relativeOffsets[i], i * OFFSET_INDEX_ENTRY_SIZE);
      out.writeInt32BE(this.positions[i], i * OFFSET_INDEX_ENTRY_SIZE + 4);
    }
    return out;
  }

  /**
   * Parses an index file, or returns null if it cannot describe a log of `logSize` bytes: a
   * partial entry, entries not strictly increasing, or a position past the end of the log.
   * Trailing all-zero entries (a preallocated Kafka index) are ignored.
   */
  static parse(baseOffset: number, bytes: Buffer, logSize: number): OffsetIndex | null {
    if (bytes.length % OFFSET_INDEX_ENTRY_SIZE !== 0) return null;
    const index = new OffsetIndex(baseOffset);
    for (let at = 0; at < bytes.length; at += OFFSET_INDEX_ENTRY_SIZE) {
      const relative = bytes.readInt32BE(at);
      const position = bytes.readInt32BE(at + 4);
      if (relative === 0 && position === 0 && at > 0) break;
      const n = index.positions.length;
      if (relative < 0 || position < 0 || position >= logSize) return null;
      if (n > 0 && (relative <= index.relativeOffsets[n - 1] || position <= index.positions[n - 1])) return null;
      index.relativeOffsets.push(relative);
      index.positions.push(position);
    }
    return index;
  }
}
