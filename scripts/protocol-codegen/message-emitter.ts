// Emits the TypeScript codec of one message spec: an interface per struct, default factories,
// and a decoder and an encoder per struct, with every version difference (presence, nullability,
// flexible encodings, tagged fields) spelled out as version conditions.
import { structNameOf, type Field, type FieldType, type Message, type Struct, type Versions } from './spec-model.ts';

/** A condition on `version` for a range, simplified against the versions the message has. */
export function versionCondition(v: Versions, valid: Versions): string {
  const lo = Math.max(v.lo, valid.lo);
  const hi = Math.min(v.hi, valid.hi);
  if (lo > hi) return 'false';
  if (lo === valid.lo && hi === valid.hi) return 'true';
  if (lo === hi) return `version === ${lo}`;
  const parts = [lo > valid.lo ? `version >= ${lo}` : '', hi < valid.hi ? `version <= ${hi}` : ''];
  return parts.filter(Boolean).join(' && ');
}

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const isNullDefault = (f: Field): boolean => f.defaultValue === 'null' || f.defaultValue === null;
const ITEM_PRIMITIVES = new Set(['int8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'float64', 'bool', 'uuid', 'string']);
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export class MessageEmitter {
  readonly m: Message;
  readonly flexCond: string;
  readonly withRecords = new Set<string>();
  readonly needsDefaultFactory = new Set<string>();

  constructor(m: Message) {
    this.m = m;
    this.flexCond = versionCondition(m.flexible, m.valid);
    for (const s of m.structs.values()) this.markRecords(s);
    for (const s of m.structs.values()) {
      for (const f of s.fields) if (f.type.kind === 'struct' && !isNullDefault(f)) this.needsDefault(f.type.name);
    }
  }

  private markRecords(s: Struct): boolean {
    if (this.withRecords.has(s.typeName)) return true;
    const has = s.fields.some((f) => {
      const sn = structNameOf(f.type);
      return (f.type.kind === 'primitive' && f.type.name === 'records') || (sn !== undefined && this.markRecords(this.m.structs.get(sn)!));
    });
    if (has) this.withRecords.add(s.typeName);
    return has;
  }

  private needsDefault(typeName: string): void {
    if (this.needsDefaultFactory.has(typeName)) return;
    this.needsDefaultFactory.add(typeName);
    for (const f of this.m.structs.get(typeName)!.fields) if (f.type.kind === 'struct' && !isNullDefault(f)) this.needsDefault(f.type.name);
  }

  private cond(v: Versions): string {
    return versionCondition(v, this.m.valid);
  }

  /** The versions in which the field is on the wire: conditions inside it are relative to them. */
  private present(f: Field): Versions {
    return { lo: Math.max(f.versions.lo, this.m.valid.lo), hi: Math.min(f.versions.hi, this.m.valid.hi) };
  }

  private nullCond(f: Field): string {
    return versionCondition(f.nullable, this.present(f));
  }

  /** The `compact` argument for a field: `flex`, or a literal when the answer is fixed. */
  private compact(f: Field): string {
    if (f.tag !== undefined) return 'true';
    const c = versionCondition(f.flexible ?? this.m.flexible, this.present(f));
    return c === 'true' || c === 'false' ? c : 'flex';
  }

  private tsType(t: FieldType, records: string): string {
    if (t.kind === 'array') return `${this.tsType(t.item, records)}[]`;
    if (t.kind === 'struct') return this.withRecords.has(t.name) ? `${t.name}<${records}>` : t.name;
    switch (t.name) {
      case 'bool': return 'boolean';
      case 'string': case 'uuid': return 'string';
      case 'bytes': return 'Buffer';
      case 'records': return records;
      default: return 'number';
    }
  }

  private isNullable(f: Field): boolean {
    return this.nullCond(f) !== 'false';
  }

  defaultExpr(f: Field): string {
    const d = f.defaultValue;
    if (isNullDefault(f)) {
      if (!this.isNullable(f)) throw new Error(`${this.m.name}.${f.name}: default null on a non-nullable field`);
      return 'null';
    }
    const t = f.type;
    if (t.kind === 'array') return '[]';
    if (t.kind === 'struct') return `default${t.name}()`;
    switch (t.name) {
      case 'bool': return String(d === true || d === 'true');
      case 'string': return quote(String(d ?? ''));
      case 'uuid': return `'${ZERO_UUID}'`;
      case 'bytes': case 'records': return 'Buffer.alloc(0)';
      default: return String(d === undefined ? 0 : Number(d));
    }
  }

  /** An expression that is true when the field's value differs from its default. */
  private nonDefault(f: Field, v: string): string {
    const def = this.defaultExpr(f);
    if (def === 'null') return `${v} !== null`;
    const orNull = this.isNullable(f) ? `${v} === null || ` : '';
    if (f.type.kind === 'array') return `${orNull}${v}.length !== 0`;
    if (f.type.kind === 'struct') return `${orNull}!equalValues(${v}, ${def})`;
    if (f.type.name === 'bytes') return `${orNull}${v}.length !== 0`;
    if (f.type.name === 'records') throw new Error(`${this.m.name}.${f.name}: records absent from some versions`);
    return `${orNull}${v} !== ${def}`;
  }

  private itemDecoder(t: FieldType): string {
    if (t.kind === 'struct') return `decode${t.name}`;
    if (t.kind === 'primitive' && ITEM_PRIMITIVES.has(t.name)) return `readItem.${t.name}`;
    throw new Error(`${this.m.name}: arrays of ${JSON.stringify(t)} are not supported`);
  }

  private itemEncoder(t: FieldType): string {
    if (t.kind === 'struct') return `encode${t.name}`;
    if (t.kind === 'primitive' && ITEM_PRIMITIVES.has(t.name)) return `writeItem.${t.name}`;
    throw new Error(`${this.m.name}: arrays of ${JSON.stringify(t)} are not supported`);
  }

  /** Read expression for a field, assuming the field is present in the version. */
  private read(f: Field, tagged: boolean): string {
    const c = this.compact(f);
    const t = f.type;
    const pick = (plain: string, nullable: string): string => {
      const n = this.nullCond(f);
      return n === 'true' ? nullable : n === 'false' ? plain : `${n} ? ${nullable} : ${plain}`;
    };
    if (t.kind === 'array') {
      const item = this.itemDecoder(t.item);
      return pick(`r.array(${c}, ${item}, version)`, `r.nullableArray(${c}, ${item}, version)`);
    }
    if (t.kind === 'struct') {
      const marker = tagged ? 'r.uvarint() === 0' : 'r.int8() < 0';
      return pick(`decode${t.name}(r, version)`, `${marker} ? null : decode${t.name}(r, version)`);
    }
    switch (t.name) {
      case 'string': return pick(`r.string(${c})`, `r.nullableString(${c})`);
      case 'bytes': return f.zeroCopy ? pick(`r.bytesView(${c})`, `r.nullableBytesView(${c})`) : pick(`r.bytes(${c})`, `r.nullableBytes(${c})`);
      case 'records': return pick(`r.bytesView(${c})`, `r.nullableBytesView(${c})`);
      default: return `r.${t.name}()`;
    }
  }

  /** Write statement for a field present in the version; `v` is the value expression. */
  private write(s: Struct, f: Field, v: string, tagged: boolean): string {
    const c = this.compact(f);
    const t = f.type;
    const nonNullV = `nonNull(${v}, '${s.typeName}', '${f.name}', version)`;
    const pick = (plain: (x: string) => string, nullable: string): string => {
      const n = this.nullCond(f);
      if (n === 'true') return nullable;
      if (n === 'false') return plain(v);
      return `if (${n}) ${nullable}; else ${plain(nonNullV)};`;
    };
    if (t.kind === 'array') {
      const item = this.itemEncoder(t.item);
      return pick((x) => `w.array(${c}, ${x}, ${item}, version)`, `w.nullableArray(${c}, ${v}, ${item}, version)`);
    }
    if (t.kind === 'struct') {
      const [nul, present] = tagged ? ['w.uvarint(0)', 'w.uvarint(1)'] : ['w.int8(-1)', 'w.int8(1)'];
      return pick((x) => `encode${t.name}(w, version, ${x})`,
        `if (${v} === null) ${nul}; else { ${present}; encode${t.name}(w, version, ${v}); }`);
    }
    switch (t.name) {
      case 'string': return pick((x) => `w.string(${c}, ${x})`, `w.nullableString(${c}, ${v})`);
      case 'bytes': return pick((x) => `w.bytes(${c}, ${x})`, `w.nullableBytes(${c}, ${v})`);
      case 'records': return pick((x) => `w.records(${c}, ${x})`, `w.nullableRecords(${c}, ${v})`);
      default: return `w.${t.name}(${v})`;
    }
  }

  private docComment(f: Field): string {
    const notes = [
      f.versions.lo > this.m.valid.lo || f.versions.hi < this.m.valid.hi ? `v${f.versions.lo}${f.versions.hi === Infinity ? '+' : `-${f.versions.hi}`}` : '',
      f.tag !== undefined ? `tag ${f.tag}` : '',
    ].filter(Boolean);
    const text = `${notes.length ? `(${notes.join(', ')}) ` : ''}${f.about}`.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
    return text ? `  /** ${text} */\n` : '';
  }

  emitInterface(s: Struct): string {
    const generic = this.withRecords.has(s.typeName) ? '<R extends RecordsData = Buffer>' : '';
    const body = s.fields.map((f) => {
      const nullable = this.isNullable(f) ? ' | null' : '';
      return `${this.docComment(f)}  ${f.name}: ${this.tsType(f.type, 'R')}${nullable};\n`;
    });
    return `export interface ${s.typeName}${generic} {\n${body.join('')}}\n`;
  }

  emitDefault(s: Struct): string {
    const fields = s.fields.map((f) => `    ${f.name}: ${this.defaultExpr(f)},\n`).join('');
    return `export function default${s.typeName}(): ${s.typeName} {\n  return {\n${fields}  };\n}\n`;
  }

  private flexLine(body: string): string {
    return /\bflex\b/.test(body) ? `  const flex = ${this.flexCond};\n` : '';
  }

  emitDecoder(s: Struct): string {
    const regular = s.fields.map((f) => {
      if (f.tag !== undefined) return `    ${f.name}: ${this.defaultExpr(f)},\n`;
      const present = this.cond(f.versions);
      const read = this.read(f, false);
      const value = present === 'true' ? read : present === 'false' ? this.defaultExpr(f) : `${present} ? ${read} : ${this.defaultExpr(f)}`;
      return `    ${f.name}: ${value},\n`;
    }).join('');
    const taggedFields = s.fields.filter((f) => f.tag !== undefined && this.cond(f.versions) !== 'false');
    let tail = '';
    if (this.flexCond !== 'false') {
      const cases = taggedFields.map((f) => {
        const present = this.cond(f.versions);
        const guard = present === 'true' || present === this.flexCond ? '' : `if (${present}) `;
        return `      case ${f.tag}: ${guard}m.${f.name} = ${this.read(f, true).replace(/\br\./g, 't.').replace(/\(r, version\)/g, '(t, version)')}; break;\n`;
      }).join('');
      const call = cases ? `r.taggedFields((tag, t) => {\n    switch (tag) {\n${cases}    }\n  })` : 'r.taggedFields()';
      tail = this.flexCond === 'true' ? `  ${call};\n` : `  if (flex) ${call};\n`;
    }
    const literal = `{\n${regular}  }`;
    const body = tail ? `  const m: ${s.typeName} = ${literal};\n${tail}  return m;\n` : `  return ${literal};\n`;
    return `export function decode${s.typeName}(r: Reader, version: number): ${s.typeName} {\n${this.flexLine(body)}${body}}\n`;
  }

  emitEncoder(s: Struct): string {
    const type = this.withRecords.has(s.typeName) ? `${s.typeName}<RecordsData>` : s.typeName;
    const lines: string[] = [];
    const absent = (f: Field, cond: string): void => {
      if (f.ignorable) return;
      lines.push(`${cond}if (${this.nonDefault(f, `m.${f.name}`)}) throw absentFieldError('${s.typeName}', '${f.name}', version);`);
    };
    for (const f of s.fields) {
      if (f.tag !== undefined) continue;
      const present = this.cond(f.versions);
      const write = this.write(s, f, `m.${f.name}`, false);
      const compound = write.startsWith('if (');
      if (present === 'true') lines.push(compound ? write : `${write};`);
      else if (present === 'false') absent(f, '');
      else {
        lines.push(compound ? `if (${present}) { ${write} }` : `if (${present}) ${write};`);
        absent(f, 'else ');
      }
    }
    const tagged = s.fields.filter((f) => f.tag !== undefined).sort((a, b) => a.tag! - b.tag!);
    if (this.flexCond !== 'false') {
      const inner: string[] = [];
      const live = tagged.filter((f) => this.cond(f.versions) !== 'false');
      if (live.length === 0) inner.push('w.uvarint(0);');
      else {
        // A tagged field is written only when it differs from its default.
        const flag = (f: Field): string => {
          const present = this.cond(f.versions);
          const nd = this.nonDefault(f, `m.${f.name}`);
          return present === 'true' || present === this.flexCond ? nd : `${present} && (${nd})`;
        };
        live.forEach((f) => inner.push(`const has${f.name[0].toUpperCase()}${f.name.slice(1)} = ${flag(f)};`));
        const names = live.map((f) => `has${f.name[0].toUpperCase()}${f.name.slice(1)}`);
        inner.push(`w.uvarint(${names.map((n) => `Number(${n})`).join(' + ')});`);
        live.forEach((f, i) => {
          const write = this.write(s, f, `m.${f.name}`, true).replace(/\bw\./g, 'tw.').replace(/\(w, version/g, '(tw, version');
          inner.push(`if (${names[i]}) w.taggedField(${f.tag}, (tw) => { ${write}${write.endsWith('}') ? '' : ';'} });`);
        });
      }
      if (inner.length === 1) lines.push(this.flexCond === 'true' ? inner[0] : `if (flex) ${inner[0]}`);
      else {
        const block = inner.map((l) => `    ${l}\n`).join('');
        lines.push(this.flexCond === 'true' ? `{\n${block}  }` : `if (flex) {\n${block}  }`);
      }
    }
    // Tagged fields of a version without them follow the same absent-field rule.
    for (const f of tagged) {
      const present = this.cond(f.versions);
      if (present === 'true' || f.ignorable) continue;
      const nd = this.nonDefault(f, `m.${f.name}`);
      const when = present === 'false' ? nd : `!(${present}) && (${nd})`;
      lines.push(`if (${when}) throw absentFieldError('${s.typeName}', '${f.name}', version);`);
    }
    const body = lines.map((l) => `  ${l}\n`).join('');
    return `export function encode${s.typeName}(w: Writer, version: number, m: ${type}): void {\n${this.flexLine(body)}${body}}\n`;
  }

  /** All code for this message: types first, then defaults, decoders and encoders. */
  emit(): string {
    const structs = [...this.m.structs.values()];
    const parts = [
      `// ${this.m.name} (${this.m.kind}${this.m.apiKey !== undefined ? ` ${this.m.apiKey}` : ''}): versions ${this.m.valid.lo}-${this.m.valid.hi}, flexible ${this.m.flexible.lo > this.m.flexible.hi ? 'never' : `from ${this.m.flexible.lo}`}.\n`,
      ...structs.map((s) => this.emitInterface(s)),
      ...structs.filter((s) => this.needsDefaultFactory.has(s.typeName)).map((s) => this.emitDefault(s)),
      ...structs.map((s) => this.emitDecoder(s)),
      ...structs.map((s) => this.emitEncoder(s)),
    ];
    return parts.join('\n');
  }
}
