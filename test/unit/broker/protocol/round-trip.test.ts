// Every message of every spec, at every valid version: encode a value with non-default fields,
// decode it back and get the same value (fields the version lacks come back as their defaults).
import { describe, expect, test } from '@jest/globals';
import { Reader, ProtocolDecodeError } from '../../../../broker/protocol/reader.ts';
import { Writer } from '../../../../broker/protocol/writer.ts';
import { codecOf, sampleStruct, specs, versionsOf } from './spec-samples.ts';

function encode(codec: Awaited<ReturnType<typeof codecOf>>, version: number, value: unknown): Buffer {
  const w = new Writer(16);
  codec.encode(w, version, value);
  return w.toBuffer();
}

describe('every generated message round-trips at every valid version', () => {
  for (const m of specs()) {
    test(`${m.name} v${m.valid.lo}-${m.valid.hi}`, async () => {
      const codec = await codecOf(m);
      for (const version of versionsOf(m)) {
        for (const nulls of [false, true]) {
          const [input, expected] = sampleStruct(m, m.name, version, { nulls, chunkedRecords: !nulls });
          const bytes = encode(codec, version, input);
          const r = new Reader(bytes);
          const decoded = codec.decode(r, version);
          expect({ version, nulls, decoded }).toEqual({ version, nulls, decoded: expected });
          expect(r.remaining).toBe(0);
          expect(encode(codec, version, decoded).equals(bytes)).toBe(true);
        }
      }
    });
  }
});

describe('a truncated message never decodes', () => {
  const cases: Array<[string, number]> = [
    ['ProduceRequest', 9], ['ProduceRequest', 3], ['FetchResponse', 16], ['MetadataResponse', 12],
    ['ApiVersionsResponse', 3], ['ConsumerGroupMemberMetadataValue', 0], ['JoinGroupRequest', 9],
  ];
  test.each(cases)('%s v%d, cut at every byte', async (name, version) => {
    const m = specs().find((s) => s.name === name)!;
    const codec = await codecOf(m);
    const bytes = encode(codec, version, sampleStruct(m, name, version, { nulls: false, chunkedRecords: false })[0]);
    expect(bytes.length).toBeGreaterThan(20);
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => codec.decode(new Reader(bytes.subarray(0, cut)), version)).toThrow(ProtocolDecodeError);
    }
  });
});
