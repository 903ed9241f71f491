// Builds message values straight from Kafka's JSON specs, independently of the generated code:
// non-default values for every field a version has, defaults for the fields it lacks. The
// round-trip and truncation tests compare the generated codecs against this second reading.
import {
  inVersions, loadSpecs, moduleFile, type Field, type FieldType, type Message,
} from '../../../../scripts/protocol-codegen/spec-model.ts';
import type { Reader } from '../../../../broker/protocol/reader.ts';
import type { Writer } from '../../../../broker/protocol/writer.ts';

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export interface Codec {
  decode: (r: Reader, version: number) => unknown;
  encode: (w: Writer, version: number, msg: any) => void;
}

let cachedSpecs: Message[] | undefined;
export function specs(): Message[] {
  cachedSpecs ??= loadSpecs();
  return cachedSpecs;
}

export function versionsOf(m: Message): number[] {
  const out: number[] = [];
  for (let v = m.valid.lo; v <= m.valid.hi; v++) out.push(v);
  return out;
}

export async function codecOf(m: Message): Promise<Codec> {
  const mod = await import(`../../../../broker/protocol/generated/${moduleFile(m)}`);
  return { decode: mod[`decode${m.name}`], encode: mod[`encode${m.name}`] };
}

export function defaultOf(m: Message, f: Field): unknown {
  const d = f.defaultValue;
  if (d === 'null' || d === null) return null;
  return defaultOfType(m, f.type, d);
}

function defaultOfType(m: Message, t: FieldType, d: unknown): unknown {
  if (t.kind === 'array') return [];
  if (t.kind === 'struct') return Object.fromEntries(m.structs.get(t.name)!.fields.map((f) => [f.name, defaultOf(m, f)]));
  switch (t.name) {
    case 'bool': return d === true || d === 'true';
    case 'string': return d ?? '';
    case 'uuid': return ZERO_UUID;
    case 'bytes': case 'records': return Buffer.alloc(0);
    default: return Number(d ?? 0);
  }
}

export interface SampleOptions {
  /** Put null in every field that is nullable in the version. */
  nulls: boolean;
  /** Encode record blobs as several chunks (the decoder returns them as one buffer). */
  chunkedRecords: boolean;
}

/** [value to encode, value the decoder must return] for one struct at one version. */
export function sampleStruct(m: Message, typeName: string, version: number, opts: SampleOptions, seed = 1): [unknown, unknown] {
  const input: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  m.structs.get(typeName)!.fields.forEach((f, i) => {
    const [a, b] = sampleField(m, f, version, opts, seed * 31 + i);
    input[f.name] = a;
    expected[f.name] = b;
  });
  return [input, expected];
}

function sampleField(m: Message, f: Field, version: number, opts: SampleOptions, seed: number): [unknown, unknown] {
  if (!inVersions(f.versions, version)) {
    const d = defaultOf(m, f);
    return [d, d];
  }
  if (opts.nulls && inVersions(f.nullable, version)) return [null, null];
  return sampleOfType(m, f, f.type, version, opts, seed);
}

function sampleOfType(m: Message, f: Field, t: FieldType, version: number, opts: SampleOptions, seed: number): [unknown, unknown] {
  if (t.kind === 'array') {
    const items = [0, 1].map((i) => sampleOfType(m, f, t.item, version, opts, seed + i + 1));
    return [items.map((x) => x[0]), items.map((x) => x[1])];
  }
  if (t.kind === 'struct') return sampleStruct(m, t.name, version, opts, seed);
  const notDefault = (value: number): number => (value === Number(f.defaultValue) ? value + 1 : value);
  const k = seed % 97;
  switch (t.name) {
    case 'bool': { const b = !(f.defaultValue === true || f.defaultValue === 'true'); return [b, b]; }
    case 'int8': return same(notDefault(-100 + k));
    case 'int16': return same(notDefault(-20000 + k));
    case 'int32': return same(notDefault(-2_000_000_000 + k));
    case 'int64': return same(notDefault(-(2 ** 52) + k));
    case 'uint16': return same(notDefault(65000 + k));
    case 'uint32': return same(notDefault(4_000_000_000 + k));
    case 'float64': return same(k + 0.25);
    case 'string': return same(`s${k}-é`);
    case 'uuid': return same(Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 17 + k) & 0xff)).toString('base64url'));
    case 'bytes': { const b = Buffer.from([k, 0, 255, 7]); return [b, Buffer.from(b)]; }
    case 'records': {
      const blob = Buffer.from(Array.from({ length: 40 }, (_, i) => (i + k) & 0xff));
      return [opts.chunkedRecords ? [blob.subarray(0, 10), blob.subarray(10)] : blob, Buffer.from(blob)];
    }
    default: throw new Error(`no sample for ${t.name}`);
  }
}

const same = (v: unknown): [unknown, unknown] => [v, v];
