import { describe, expect, test } from '@jest/globals';
import { ProtocolDecodeError, Reader } from '../../../../broker/protocol/reader.ts';
import { ProtocolEncodeError, Writer } from '../../../../broker/protocol/writer.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
function written(fn: (w: Writer) => void): string {
  const w = new Writer(4);
  fn(w);
  return w.toBuffer().toString('hex');
}

describe('Reader and Writer primitives', () => {
  test('fixed-width integers, big-endian', () => {
    const bytes = written((w) => { w.int8(-2); w.int16(-3); w.int32(0x01020304); w.uint16(65535); w.uint32(0xfffffffe); w.bool(true); w.float64(1.5); });
    expect(bytes).toBe('fe fffd 01020304 ffff fffffffe 01 3ff8000000000000'.replace(/ /g, ''));
    const r = new Reader(hex(bytes));
    expect([r.int8(), r.int16(), r.int32(), r.uint16(), r.uint32(), r.bool(), r.float64()]).toEqual([-2, -3, 0x01020304, 65535, 0xfffffffe, true, 1.5]);
  });

  test('int64 as number: exact below 2^53, Long.MAX/MIN sentinels survive', () => {
    for (const n of [0, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 1_700_000_000_000]) {
      expect(new Reader(hex(written((w) => w.int64(n)))).int64()).toBe(n);
    }
    expect(written((w) => w.int64(-1))).toBe('ffffffffffffffff');
    expect(written((w) => w.int64(new Reader(hex('7fffffffffffffff')).int64()))).toBe('7fffffffffffffff');
    expect(written((w) => w.int64(new Reader(hex('8000000000000000')).int64()))).toBe('8000000000000000');
  });

  test('unsigned and zig-zag varints', () => {
    expect(written((w) => { w.uvarint(0); w.uvarint(127); w.uvarint(128); w.uvarint(300); w.uvarint(0xffffffff); })).toBe('00 7f 8001 ac02 ffffffff0f'.replace(/ /g, ''));
    expect(written((w) => { w.varint(0); w.varint(-1); w.varint(1); w.varint(-64); w.varint(64); })).toBe('00 01 02 7f 8001'.replace(/ /g, ''));
    const r = new Reader(hex('00 7f 8001 ac02 ffffffff0f 01 7f 8001'));
    expect([r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint(), r.varint(), r.varint(), r.varint()]).toEqual([0, 127, 128, 300, 0xffffffff, -1, -64, 64]);
    expect(new Reader(hex(written((w) => w.varlong(-(2 ** 50) - 3)))).varlong()).toBe(-(2 ** 50) - 3);
    expect(() => new Reader(hex('ffffffffff01')).uvarint()).toThrow(ProtocolDecodeError);
    expect(() => written((w) => w.uvarint(-1))).toThrow(ProtocolEncodeError);
  });

  test('uuid in Kafka string form; the all-zero uuid', () => {
    expect(new Reader(Buffer.alloc(16)).uuid()).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    const id = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    expect(new Reader(id).uuid()).toBe(id.toString('base64url'));
    expect(written((w) => w.uuid(id.toString('base64url')))).toBe(id.toString('hex'));
    expect(() => written((w) => w.uuid('not-a-uuid'))).toThrow(ProtocolEncodeError);
  });

  test('strings and bytes, classic and compact, with nulls', () => {
    expect(written((w) => { w.string(false, 'hé'); w.nullableString(false, null); w.string(true, 'ab'); w.nullableString(true, null); })).toBe('0003 68c3a9 ffff 03 6162 00'.replace(/ /g, ''));
    const r = new Reader(hex('0003 68c3a9 ffff 03 6162 00'));
    expect([r.string(false), r.nullableString(false), r.string(true), r.nullableString(true)]).toEqual(['hé', null, 'ab', null]);
    expect(written((w) => { w.bytes(false, Buffer.from([9])); w.nullableBytes(true, null); w.bytes(true, Buffer.from([9])); })).toBe('00000001 09 00 02 09'.replace(/ /g, ''));
    expect(() => new Reader(hex('ffff')).string(false)).toThrow(ProtocolDecodeError);
  });

  test('decoded bytes are copies, byte views share the input', () => {
    const input = hex('00000002 0a0b');
    const copy = new Reader(input).bytes(false);
    const view = new Reader(input).bytesView(false);
    input[5] = 0xff;
    expect(copy[1]).toBe(0x0b);
    expect(view[1]).toBe(0xff);
  });

  test('reads past the end throw ProtocolDecodeError, also inside a length-prefixed value', () => {
    expect(() => new Reader(hex('0001')).int32()).toThrow(ProtocolDecodeError);
    expect(() => new Reader(hex('0005 6162')).string(false)).toThrow(ProtocolDecodeError);
    expect(() => new Reader(hex('7fffffff')).array(false, (r) => r.int8(), 0)).toThrow(/array of 2147483647 elements/);
    const r = new Reader(hex('01 05 02 0001'));
    expect(() => r.taggedFields((_tag, t) => t.int32())).toThrow(ProtocolDecodeError);
  });

  test('the writer grows without losing bytes and references large blobs', () => {
    const blob = Buffer.alloc(4096, 1);
    const w = new Writer(2);
    for (let i = 0; i < 100; i++) w.int32(i);
    w.records(false, blob);
    w.int8(7);
    expect(w.length).toBe(400 + 4 + 4096 + 1);
    expect(w.toChunks()).toContain(blob);
    const out = w.toBuffer();
    expect(out.readInt32BE(396)).toBe(99);
    expect(out.readInt32BE(400)).toBe(4096);
    expect(out[out.length - 1]).toBe(7);
  });
});
