// Reading the records of a decompressed batch body without decoding them into objects: the
// cleaner needs each record's key, offset, timestamp delta and whether it is a tombstone, and
// the raw bytes so a kept record is copied unchanged (or with only its timestamp delta rewritten).
//
// Record => length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
//           keyLength varint, key | valueLength varint, value | headers…
import { KafkaError } from '../../kafka-error.ts';
import { ByteReader } from '../../protocol/records/varint.ts';

export type ScannedRecord = {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | null;
  isTombstone: boolean;
  /** The whole record, length prefix included. */
  start: number;
  end: number;
  /** Where the bytes after timestampDelta begin (offsetDelta onwards). */
  afterTimestamp: number;
};

export function* scanRecords(body: Buffer, count: number): Generator<ScannedRecord> {
  const reader = new ByteReader(body);
  for (let i = 0; i < count; i++) {
    const start = reader.position;
    const length = reader.readVarint();
    const bodyStart = reader.position;
    const end = bodyStart + length;
    if (length < 0 || end > body.length) throw new KafkaError('CORRUPT_MESSAGE', `record ${i} announces ${length} bytes past the batch end`);
    reader.readInt8();
    const timestampDelta = reader.readVarlong();
    const afterTimestamp = reader.position;
    const offsetDelta = reader.readVarint();
    const key = reader.readVarBytes();
    const valueLength = reader.readVarint();
    yield { offsetDelta, timestampDelta, key, isTombstone: valueLength < 0, start, end, afterTimestamp };
    reader.position = end;
  }
}
