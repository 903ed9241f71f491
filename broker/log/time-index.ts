// The time index of one segment, Kafka's `.timeindex` format: entries of 12 bytes, an 8-byte
// timestamp and the 4-byte relative offset of the batch that reached it. Timestamps strictly
// increase: an entry is only added when the segment's max timestamp grew, so a lookup can
// binary-search for the last entry below a target time.

export const TIME_INDEX_ENTRY_SIZE = 12;

export class TimeIndex {
  readonly baseOffset: number;
  private readonly timestamps: number[] = [];
  private readonly relativeOffsets: number[] = [];

  constructor(baseOffset: number) {
    this.baseOffset = baseOffset;
  }

  get entries(): number {
    return this.timestamps.length;
  }

  get lastEntry(): { timestamp: number; offset: number } | null {
    const n = this.timestamps.length;
    return n === 0 ? null : { timestamp: this.timestamps[n - 1], offset: this.baseOffset + this.relativeOffsets[n - 1] };
  }

  /** Adds (timestamp, offset) unless it would not raise the last timestamp. */
  maybeAppend(timestamp: number, offset: number): void {
    const last = this.lastEntry;
    if (last !== null && (timestamp <= last.timestamp || offset <= last.offset)) return;
    this.timestamps.push(timestamp);
    this.relativeOffsets.push(offset - this.baseOffset);
  }

  /** Offset to start a search for `timestamp`: that of the last entry with a smaller-or-equal time. */
  lookup(timestamp: number): number {
    let lo = 0;
    let hi = this.timestamps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid] <= timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? this.baseOffset : this.baseOffset + this.relativeOffsets[found];
  }

  serialize(): Buffer {
    const out = Buffer.allocUnsafe(this.timestamps.length * TIME_INDEX_ENTRY_SIZE);
    for (let i = 0; i < this.timestamps.length; i++) {
      out.writeBigInt64BE(BigInt(this.timestamps[i]), i * TIME_INDEX_ENTRY_SIZE);
      out.writeInt32BE(this.relativeOffsets[i], i * TIME_INDEX_ENTRY_SIZE + 8);
    }
    return out;
  }

  /**
   * Parses a time index, or returns null if it is malformed or names offsets outside
   * [baseOffset, nextOffset). Trailing all-zero entries (a preallocated Kafka index) are ignored.
   */
  static parse(baseOffset: number, bytes: Buffer, nextOffset: number): TimeIndex | null {
    if (bytes.length % TIME_INDEX_ENTRY_SIZE !== 0) return null;
    const index = new TimeIndex(baseOffset);
    for (let at = 0; at < bytes.length; at += TIME_INDEX_ENTRY_SIZE) {
      const timestamp = Number(bytes.readBigInt64BE(at));
      const relative = bytes.readInt32BE(at + 8);
      if (timestamp === 0 && relative === 0 && at > 0) break;
      const n = index.timestamps.length;
      if (relative < 0 || baseOffset + relative >= nextOffset) return null;
      if (n > 0 && (timestamp <= index.timestamps[n - 1] || relative <= index.relativeOffsets[n - 1])) return null;
      index.timestamps.push(timestamp);
      index.relativeOffsets.push(relative);
    }
    return index;
  }
}
