// The model of Kafka's JSON message specs (../shared/kafka-protocol/{messages,internal}) as the
// generator reads them: versions, fields, structs, messages, and the naming rules that turn spec
// names into module files and identifiers. Also used by the round-trip tests' sample builder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
export const SPEC_DIRS = ['messages', 'internal'].map((d) => join(PROJECT_ROOT, '..', 'shared', 'kafka-protocol', d));

/** Inclusive version range; `hi` is Infinity for "N+", and lo > hi means no version. */
export interface Versions { lo: number; hi: number }
export type FieldType =
  | { kind: 'primitive'; name: string }
  | { kind: 'array'; item: FieldType }
  | { kind: 'struct'; name: string };

export interface Field {
  name: string; // camelCase, as in the generated types
  type: FieldType;
  versions: Versions;
  nullable: Versions;
  tag: number | undefined;
  tagged: Versions;
  flexible: Versions | undefined; // field-level override (RequestHeader.ClientId)
  ignorable: boolean;
  zeroCopy: boolean;
  defaultValue: string | number | boolean | null | undefined;
  about: string;
}
export interface Struct { typeName: string; fields: Field[] }
export interface Message {
  name: string;
  kind: 'request' | 'response' | 'header' | 'data';
  apiKey: number | undefined;
  valid: Versions;
  flexible: Versions;
  latestVersionUnstable: boolean;
  root: Struct;
  /** Every struct of the message, the root first, keyed by type name. */
  structs: Map<string, Struct>;
  sourceFile: string;
}

const PRIMITIVES = new Set(['bool', 'int8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'float64', 'string', 'bytes', 'records', 'uuid']);
const NO_VERSIONS: Versions = { lo: 0, hi: -1 };

export function parseVersions(text: string | undefined, fallback: Versions = NO_VERSIONS): Versions {
  if (text === undefined) return fallback;
  if (text === 'none') return NO_VERSIONS;
  const m = /^(\d+)(\+|-(\d+))?$/.exec(text);
  if (!m) throw new Error(`bad version range ${JSON.stringify(text)}`);
  const lo = Number(m[1]);
  return { lo, hi: m[2] === '+' ? Infinity : m[3] !== undefined ? Number(m[3]) : lo };
}

export const inVersions = (v: Versions, version: number): boolean => version >= v.lo && version <= v.hi;
export const camelCase = (name: string): string => name[0].toLowerCase() + name.slice(1);
export const kebabCase = (name: string): string =>
  name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
/** The API name of a request/response ('ProduceRequest' → 'Produce'), else the message name. */
export const apiName = (m: Message): string => m.name.replace(/(Request|Response)$/, '');
export const moduleFile = (m: Message): string => `${kebabCase(m.kind === 'request' || m.kind === 'response' ? apiName(m) : m.name)}.ts`;

function parseType(text: string): FieldType {
  if (text.startsWith('[]')) return { kind: 'array', item: parseType(text.slice(2)) };
  return PRIMITIVES.has(text) ? { kind: 'primitive', name: text } : { kind: 'struct', name: text };
}

export const structNameOf = (t: FieldType): string | undefined =>
  t.kind === 'struct' ? t.name : t.kind === 'array' ? structNameOf(t.item) : undefined;

function loadMessage(file: string): Message {
  // The specs carry `//` comment lines; no string value in them contains `//` at a line start.
  const json = JSON.parse(readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
  const structs = new Map<string, Struct>();
  const common = new Map<string, any[]>((json.commonStructs ?? []).map((s: any) => [s.name, s.fields]));
  const declare = (typeName: string, specFields: any[]): Struct => {
    if (structs.has(typeName)) return structs.get(typeName)!;
    const struct: Struct = { typeName, fields: [] };
    structs.set(typeName, struct);
    struct.fields = specFields.map((f) => parseField(f));
    return struct;
  };
  const parseField = (f: any): Field => {
    const tagged = parseVersions(f.taggedVersions);
    const type = parseType(f.type);
    const structName = structNameOf(type);
    if (structName !== undefined) {
      const fields = f.fields ?? common.get(structName);
      if (!fields) throw new Error(`${file}: struct ${structName} has no definition`);
      if (f.fields && structs.has(json.name + structName)) throw new Error(`${file}: struct ${structName} defined twice`);
      declare(json.name + structName, fields);
    }
    const field: Field = {
      name: camelCase(f.name),
      type: renameStructs(type, json.name),
      versions: parseVersions(f.versions, f.taggedVersions ? tagged : undefined),
      nullable: parseVersions(f.nullableVersions),
      tag: f.tag,
      tagged,
      flexible: f.flexibleVersions === undefined ? undefined : parseVersions(f.flexibleVersions),
      ignorable: f.ignorable === true,
      zeroCopy: f.zeroCopy === true,
      defaultValue: f.default,
      about: f.about ?? '',
    };
    if (field.tag !== undefined && (field.tagged.lo !== field.versions.lo || field.tagged.hi !== field.versions.hi)) {
      // Kafka allows a field to be tagged in only part of its versions; no spec does it, so the
      // generator does not support it rather than get it subtly wrong.
      throw new Error(`${file}: ${f.name} is tagged in only some of its versions`);
    }
    return field;
  };
  const root = declare(json.name, json.fields);
  return {
    name: json.name,
    kind: json.type,
    apiKey: json.apiKey,
    valid: parseVersions(json.validVersions),
    flexible: parseVersions(json.flexibleVersions),
    latestVersionUnstable: json.latestVersionUnstable === true,
    root,
    structs,
    sourceFile: file,
  };
}

function renameStructs(t: FieldType, prefix: string): FieldType {
  if (t.kind === 'struct') return { kind: 'struct', name: prefix + t.name };
  if (t.kind === 'array') return { kind: 'array', item: renameStructs(t.item, prefix) };
  return t;
}

export function loadSpecs(dirs: string[] = SPEC_DIRS): Message[] {
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f)));
  return files.map(loadMessage).sort((a, b) => (a.name < b.name ? -1 : 1));
}
