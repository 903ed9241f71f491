// Applies a compiled Policy to one value. Schemaless maps/arrays are walked along the path trie,
// copying only the containers on a path that changed (an untouched record costs a few lookups).
// Structs follow a per-schema plan computed once and cached: which fields have which rule, which
// strings are scanned, and the output schema.
import { Struct, copySchemaBasics, SchemaBuilder, type Field, type Schema } from '../runtime-bridge.ts';
import { isSchemalessMap, type SchemalessMap } from '../requirements.ts';
import { mapCopy, mapDelete, mapEntries, mapGet, mapSet } from '../schemaless.ts';
import type { Policy, Rule } from './config.ts';
import { DROP, maskLeaf, maskedLeafSchema, optionalCopy } from './leaf.ts';
import { firstRule, stepIndex, stepName, onlyNamedChildren, type PathNode } from './paths.ts';

/** true: scan every string below; false: none; nodes: scan below the terminal ones. */
export type ScanState = boolean | readonly PathNode[];

export interface MaskContext {
  readonly counts: number[];
  readonly audit: { path: string; rule: string }[] | null;
}

interface FieldPlan {
  readonly name: string;
  /** The field in the input schema, and in the output schema (null when the rule drops it). */
  readonly input: Field;
  output: Field | null;
  readonly rule: Rule | null;
  readonly scan: boolean;
  readonly child: StructPlan | null;
  readonly active: readonly PathNode[];
  readonly scanState: ScanState;
}

interface StructPlan {
  readonly out: Schema;
  readonly fields: readonly FieldPlan[];
  readonly touches: boolean;
}

let nextNodeId = 0;

const join = (path: string, name: string | number): string =>
  typeof name === 'number' ? `${path}[${name}]` : path === '' ? name : `${path}.${name}`;

export class Masker {
  readonly #policy: Policy;
  readonly #patternCache = new Map<string, Rule | null>();
  readonly #plans = new WeakMap<Schema, StructPlan>();
  /** Plans of structs met inside arrays and maps, keyed by schema, then by the trie position. */
  readonly #nestedPlans = new WeakMap<Schema, Map<string, StructPlan>>();
  readonly #nodeIds = new WeakMap<PathNode, number>();

  constructor(policy: Policy) {
    this.#policy = policy;
  }

  /** Masks `value` (with `schema` when present); returns [newSchema, newValue] or DROP. */
  mask(schema: Schema | null, value: unknown, ctx: MaskContext, rootPath = ''): { schema: Schema | null; value: unknown } {
    const scan: ScanState = this.#policy.scanner === null ? false : this.#policy.scanRoot === null ? true : [this.#policy.scanRoot];
    return this.maskFrom(schema, value, [this.#policy.root], scan, null, ctx, rootPath);
  }

  /** As mask(), starting from given trie nodes (MaskPii$Headers starts one level down). */
  maskFrom(schema: Schema | null, value: unknown, active: readonly PathNode[], scan: ScanState, inherited: Rule | null, ctx: MaskContext, path: string): { schema: Schema | null; value: unknown } {
    if (schema !== null && schema.type === 'STRUCT') {
      let plan = path === '' && active.length === 1 && active[0] === this.#policy.root && inherited === null ? this.#plans.get(schema) : undefined;
      if (plan === undefined) {
        plan = this.#planStruct(schema, active, scan, inherited, path);
        if (path === '' && active.length === 1 && active[0] === this.#policy.root && inherited === null) this.#plans.set(schema, plan);
      }
      return { schema: plan.out, value: value instanceof Struct ? this.#maskStruct(value, plan, ctx, path) : value };
    }
    if (schema !== null) {
      const leafRule = inherited;
      if (leafRule !== null) {
        const out = maskedLeafSchema(schema, leafRule, this.#policy.nonStringMode);
        const masked = this.#walk(value, active, scan, inherited, ctx, path);
        return { schema: out ?? optionalCopy(schema), value: masked === DROP ? null : masked };
      }
    }
    const masked = this.#walk(value, active, scan, inherited, ctx, path);
    return { schema, value: masked === DROP ? null : masked };
  }

  #patternRule(name: string): Rule | null {
    if (this.#policy.namePatterns.length === 0) return null;
    let rule = this.#patternCache.get(name);
    if (rule === undefined) {
      const hit = this.#policy.namePatterns.find((p) => p.regex.test(name));
      rule = hit ? this.#policy.rules[hit.ruleId] : null;
      if (this.#patternCache.size < 10_000) this.#patternCache.set(name, rule);
    }
    return rule;
  }

  #childRule(active: readonly PathNode[], name: string | number, inherited: Rule | null): Rule | null {
    const id = firstRule(active);
    if (id >= 0) return this.#policy.rules[id];
    return (typeof name === 'string' ? this.#patternRule(name) : null) ?? inherited;
  }

  #count(rule: Rule, path: string, ctx: MaskContext): void {
    ctx.counts[rule.id]++;
    ctx.audit?.push({ path, rule: rule.name });
  }

  #scanText(text: string, path: string, ctx: MaskContext): unknown {
    let wholeField: unknown = undefined;
    const out = this.#policy.scanner!.replace(text, (matched, detector) => {
      const rule = this.#policy.detectorRules.get(detector)!;
      this.#count(rule, path, ctx);
      if (rule.action.kind === 'drop' || rule.action.kind === 'null') wholeField ??= rule.action.kind === 'drop' ? DROP : null;
      return rule.action.maskText(matched);
    });
    return wholeField !== undefined ? wholeField : out;
  }

  #walk(value: unknown, active: readonly PathNode[], scan: ScanState, inherited: Rule | null, ctx: MaskContext, path: string): unknown {
    if (value === null || value === undefined) return value;
    // drop/null act on the node they match, container or not.
    if (inherited !== null && (inherited.action.kind === 'drop' || inherited.action.kind === 'null')) {
      this.#count(inherited, path, ctx);
      return inherited.action.kind === 'drop' ? DROP : null;
    }
    if (inherited === null && active.length === 0 && scan === false && this.#policy.namePatterns.length === 0) return value;
    if (Array.isArray(value)) return this.#walkArray(value, active, scan, inherited, ctx, path);
    if (isSchemalessMap(value)) return this.#walkMap(value, active, scan, inherited, ctx, path);
    if (value instanceof Struct) return this.#maskStruct(value, this.#nestedPlan(value.schema, active, scan, inherited, path), ctx, path);
    if (inherited !== null) {
      this.#count(inherited, path, ctx);
      return maskLeaf(value, inherited, this.#policy.nonStringMode, path);
    }
    if (typeof value === 'string' && scansHere(scan)) return this.#scanText(value, path, ctx);
    return value;
  }

  #walkMap(map: SchemalessMap, active: readonly PathNode[], scan: ScanState, inherited: Rule | null, ctx: MaskContext, path: string): unknown {
    let out: SchemalessMap | null = null;
    const visitAll = inherited !== null || scan !== false || this.#policy.namePatterns.length > 0 || !onlyNamedChildren(active);
    const keys = visitAll ? mapEntries(map).map(([k]) => k) : namedChildren(active);
    for (const key of keys) {
      const original = mapGet(map, key);
      if (original === undefined) continue;
      const childActive = stepName(active, key);
      const rule = this.#childRule(childActive, key, inherited);
      const masked = this.#walk(original, childActive, stepScan(scan, key), rule, ctx, join(path, key));
      if (masked === original) continue;
      out ??= mapCopy(map);
      if (masked === DROP) mapDelete(out, key);
      else mapSet(out, key, masked);
    }
    return out ?? map;
  }

  #walkArray(items: readonly unknown[], active: readonly PathNode[], scan: ScanState, inherited: Rule | null, ctx: MaskContext, path: string): unknown {
    let out: unknown[] | null = null;
    for (let i = 0; i < items.length; i++) {
      const childActive = stepIndex(active, i);
      const rule = this.#childRule(childActive, i, inherited);
      const masked = this.#walk(items[i], childActive, stepScan(scan, i), rule, ctx, join(path, i));
      if (masked === items[i]) continue;
      out ??= [...items];
      out[i] = masked === DROP ? null : masked;
    }
    return out ?? items;
  }

  /**
   * A plan depends only on the schema and the trie position (active nodes, scan state, inherited
   * rule), not on the record: planning builds output schemas, so reusing plans keeps the output
   * schema of every record the same object (downstream converters cache by schema).
   */
  #nestedPlan(schema: Schema, active: readonly PathNode[], scan: ScanState, inherited: Rule | null, path: string): StructPlan {
    let bySchema = this.#nestedPlans.get(schema);
    if (bySchema === undefined) this.#nestedPlans.set(schema, bySchema = new Map());
    const scanKey = typeof scan === 'boolean' ? String(scan) : scan.map((n) => this.#nodeId(n)).join(',');
    const key = `${active.map((n) => this.#nodeId(n)).join(',')}|${scanKey}|${inherited?.id ?? ''}`;
    let plan = bySchema.get(key);
    if (plan === undefined) bySchema.set(key, plan = this.#planStruct(schema, active, scan, inherited, path));
    return plan;
  }

  #nodeId(node: PathNode): number {
    let id = this.#nodeIds.get(node);
    if (id === undefined) this.#nodeIds.set(node, id = nextNodeId++);
    return id;
  }

  #planStruct(schema: Schema, active: readonly PathNode[], scan: ScanState, inherited: Rule | null, path: string): StructPlan {
    const fields: FieldPlan[] = [];
    const outFields: [string, Schema][] = [];
    let changed = false;
    let touches = false;
    for (const field of schema.fields()) {
      const childActive = stepName(active, field.name);
      const rule = this.#childRule(childActive, field.name, inherited);
      const childScan = stepScan(scan, field.name);
      const fieldPath = join(path, field.name);
      let out: Schema | null = field.schema;
      let child: StructPlan | null = null;
      if (field.schema.type === 'STRUCT' && !(rule !== null && (rule.action.kind === 'drop' || rule.action.kind === 'null'))) {
        child = this.#planStruct(field.schema, childActive, childScan, rule, fieldPath);
        out = child.out;
      } else if (field.schema.type === 'ARRAY' && field.schema.valueSchema!.type === 'STRUCT' && !(rule !== null && (rule.action.kind === 'drop' || rule.action.kind === 'null'))) {
        // Every element shares one schema: plan it from the rules that hold for all elements
        // (`[*]`, `*`). A rule for one index only must not change the element schema, or the
        // array could not hold its elements: such a record fails with "Struct schemas do not match".
        const element = this.#nestedPlan(field.schema.valueSchema!, stepIndex(childActive, -1), stepScan(childScan, -1), rule, `${fieldPath}[*]`);
        if (element.out !== field.schema.valueSchema) {
          const array = copySchemaBasics(field.schema, SchemaBuilder.array(element.out));
          out = (field.schema.isOptional ? array.optional() : array).build();
        }
      } else if (rule !== null) {
        out = isContainer(field.schema) && rule.action.kind !== 'drop' && rule.action.kind !== 'null'
          ? field.schema : maskedLeafSchema(field.schema, rule, this.#policy.nonStringMode);
      } else if (field.schema.type === 'STRING' && scansHere(childScan) && this.#detectorsCanNull()) {
        out = optionalCopy(field.schema);
      }
      const fieldTouched = rule !== null || child?.touches === true || childActive.length > 0 || (childScan !== false && (field.schema.type === 'STRING' || isContainer(field.schema)));
      touches ||= fieldTouched;
      if (out !== field.schema) changed = true;
      if (out !== null) outFields.push([field.name, out]);
      fields.push({ name: field.name, input: field, output: null, rule, scan: scansHere(childScan), child, active: childActive, scanState: childScan });
    }
    if (this.#policy.failOnMissing && path === '') this.#checkExplicitPaths(schema);
    let out = schema;
    if (changed) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const [name, s] of outFields) builder.field(name, s);
      if (schema.isOptional) builder.optional();
      out = builder.build();
    }
    for (const f of fields) f.output = out.field(f.name) ?? null;
    return { out, fields, touches };
  }

  #detectorsCanNull(): boolean {
    for (const rule of this.#policy.detectorRules.values()) if (rule.action.kind === 'drop' || rule.action.kind === 'null') return true;
    return false;
  }

  #checkExplicitPaths(schema: Schema): void {
    for (const path of this.#policy.explicitPaths) {
      let current: Schema | undefined = schema;
      for (const part of path.split('.')) current = current?.type === 'STRUCT' ? current.field(part)?.schema : undefined;
      if (current === undefined) throw new MissingFieldError(path);
    }
  }

  #maskStruct(struct: Struct, plan: StructPlan, ctx: MaskContext, path: string): Struct {
    if (!plan.touches) return struct;
    const out = new Struct(plan.out);
    for (const f of plan.fields) {
      const original = struct.getWithoutDefault(f.input);
      const fieldPath = join(path, f.name);
      let masked: unknown;
      if (original === null) masked = null;
      else if (f.child !== null) masked = this.#maskStruct(original as Struct, f.child, ctx, fieldPath);
      else masked = this.#walk(original, f.active, f.scanState, f.rule, ctx, fieldPath);
      if (masked === DROP || f.output === null) continue;
      out.put(f.output, masked);
    }
    return out;
  }
}

export class MissingFieldError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`Field path ${path} does not exist in the record schema`);
    this.path = path;
  }
}

function isContainer(schema: Schema): boolean {
  return schema.type === 'STRUCT' || schema.type === 'ARRAY' || schema.type === 'MAP';
}

function namedChildren(active: readonly PathNode[]): string[] {
  const names = new Set<string>();
  for (const n of active) for (const k of n.children.keys()) names.add(k);
  return [...names];
}

function scansHere(scan: ScanState): boolean {
  if (typeof scan === 'boolean') return scan;
  return scan.some((n) => n.rules.length > 0);
}

function stepScan(scan: ScanState, name: string | number): ScanState {
  if (typeof scan === 'boolean') return scan;
  if (scan.some((n) => n.rules.length > 0)) return true;
  const next = typeof name === 'number' ? stepIndex(scan, name) : stepName(scan, name);
  return next.length === 0 ? false : next;
}
