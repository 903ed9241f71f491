// The records of __consumer_offsets in Kafka's own formats, so Kafka's tools (and a Kafka broker
// reading these logs) understand them: key = int16 key version + key struct, value = int16 value
// version + value struct, tombstone = null value. Key versions 0-1 are offset commits, 2 is group
// metadata (Kafka's GroupCoordinatorRecordSerde).
import { decodeGroupMetadataKey, encodeGroupMetadataKey } from '../protocol/generated/group-metadata-key.ts';
import { decodeGroupMetadataValue, encodeGroupMetadataValue, type GroupMetadataValue } from '../protocol/generated/group-metadata-value.ts';
import { decodeOffsetCommitKey, encodeOffsetCommitKey } from '../protocol/generated/offset-commit-key.ts';
import { decodeOffsetCommitValue, encodeOffsetCommitValue } from '../protocol/generated/offset-commit-value.ts';
import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import type { CommittedOffset } from './group-metadata.ts';

export type { GroupMetadataValue };

/** What Kafka 3.x writes: offset key v1, group key v2, group value v3. */
const OFFSET_KEY_VERSION = 1;
const GROUP_KEY_VERSION = 2;
const GROUP_VALUE_VERSION = 3;
/** Value v1 is the only one that carries an explicit expire timestamp; v3 carries the leader epoch. */
const OFFSET_VALUE_WITH_EXPIRY = 1;
const OFFSET_VALUE_VERSION = 3;

export type OffsetsRecord =
  | { kind: 'offset'; group: string; topic: string; partition: number; value: CommittedOffset | null }
  | { kind: 'group'; group: string; value: GroupMetadataValue | null };

export type EncodedRecord = { key: Buffer; value: Buffer | null };

function versioned(version: number, body: (w: Writer) => void): Buffer {
  const w = new Writer(64);
  w.int16(version);
  body(w);
  return w.toBuffer();
}

export function offsetCommitRecord(group: string, topic: string, partition: number, value: CommittedOffset | null): EncodedRecord {
  const key = versioned(OFFSET_KEY_VERSION, (w) => encodeOffsetCommitKey(w, OFFSET_KEY_VERSION, { group, topic, partition }));
  if (value === null) return { key, value: null };
  const version = value.expireTimestamp >= 0 ? OFFSET_VALUE_WITH_EXPIRY : OFFSET_VALUE_VERSION;
  return { key, value: versioned(version, (w) => encodeOffsetCommitValue(w, version, value)) };
}

export function groupMetadataRecord(group: string, value: GroupMetadataValue | null): EncodedRecord {
  const key = versioned(GROUP_KEY_VERSION, (w) => encodeGroupMetadataKey(w, GROUP_KEY_VERSION, { group }));
  return { key, value: value === null ? null : versioned(GROUP_VALUE_VERSION, (w) => encodeGroupMetadataValue(w, GROUP_VALUE_VERSION, value)) };
}

/** Decodes one record of __consumer_offsets; null for record kinds the classic coordinator does not own. */
export function decodeOffsetsRecord(key: Buffer, value: Buffer | null): OffsetsRecord | null {
  const kr = new Reader(key);
  const keyVersion = kr.int16();
  if (keyVersion === 0 || keyVersion === 1) {
    const k = decodeOffsetCommitKey(kr, keyVersion);
    if (value === null) return { kind: 'offset', ...k, value: null };
    const vr = new Reader(value);
    const v = decodeOffsetCommitValue(vr, vr.int16());
    return { kind: 'offset', ...k, value: v };
  }
  if (keyVersion === GROUP_KEY_VERSION) {
    const { group } = decodeGroupMetadataKey(kr, keyVersion);
    if (value === null) return { kind: 'group', group, value: null };
    const vr = new Reader(value);
    return { kind: 'group', group, value: decodeGroupMetadataValue(vr, vr.int16()) };
  }
  // Newer coordinators (KIP-848 consumer groups, share groups) write other key versions.
  return null;
}
