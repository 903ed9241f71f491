// The records every client produces and must read back exactly: keyed, null-keyed, non-ASCII,
// repeated and empty header values. Produced and consumed records share this JSON-lines shape.

export type Header = [string, string];
export type InputRecord = { key: string | null; value: string; headers: Header[]; partition?: number; timestamp?: number };
export type ConsumedRecord = { partition: number; offset: number; timestamp: number; key: string | null; value: string | null; headers: Header[] };
export type Delivery = { partition: number; offset: number; timestamp?: number };

export const BASE_TIMESTAMP = 1_700_000_000_000;

/** Four records with CreateTime timestamps one second apart (for the offsets-for-times lookup). */
export function sampleRecords(partition = 0): InputRecord[] {
  return [
    { key: 'key-1', value: 'first value', headers: [['trace', 'abc'], ['trace', 'def'], ['empty', '']] },
    { key: null, value: 'the key of this record is null', headers: [] },
    { key: 'ключ-ü', value: 'välue with ü, € and 日本', headers: [['lang', 'ру']] },
    { key: 'key-4', value: 'last', headers: [['n', '4']] },
  ].map((r, i) => ({ ...r, headers: r.headers as Header[], partition, timestamp: BASE_TIMESTAMP + i * 1000 }));
}

/** Records worth compressing: each value repeats its text, so a codec shrinks the batch. */
export function compressibleRecords(count: number): InputRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `k${i}`, value: `record ${i} `.repeat(40), headers: [['i', String(i)]], partition: 0,
  }));
}

/** A deterministic ASCII value of exactly `bytes` bytes. */
export function bigValue(bytes: number): string {
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

export const ONE_MIB = 1024 * 1024;

export const toJsonLines = (records: InputRecord[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** What a consumer must see for `records` written from offset `first` (timestamps aside). */
export function expectedConsumed(records: InputRecord[], first = 0): Omit<ConsumedRecord, 'timestamp'>[] {
  return records.map((r, i) => ({ partition: r.partition ?? 0, offset: first + i, key: r.key, value: r.value, headers: r.headers }));
}

export const withoutTimestamp = (records: ConsumedRecord[]): Omit<ConsumedRecord, 'timestamp'>[] =>
  records.map(({ timestamp: _ignored, ...rest }) => rest);
