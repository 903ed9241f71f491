// Field paths compiled once into a trie (pino's redaction idea: path → accessors at configure
// time), walked together with the value per record. Syntax:
//   customer.email        nested struct fields / map keys
//   customer.*.email      `*` = any one field, map key or array element
//   items[*].card         `[*]` = every array element, `[2]` = one element
//   `a.b`.c               backticks wrap a name containing dots
import { ConfigException } from '../runtime-bridge.ts';

export interface PathNode {
  readonly children: Map<string, PathNode>;
  any: PathNode | null;
  items: PathNode | null;
  readonly index: Map<number, PathNode>;
  /** Rule ids ending at this node, in declaration order. */
  readonly rules: number[];
}

export function newNode(): PathNode {
  return { children: new Map(), any: null, items: null, index: new Map(), rules: [] };
}

type Step = { kind: 'name'; name: string } | { kind: 'any' } | { kind: 'items' } | { kind: 'index'; index: number };

export function parsePath(path: string, configName: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const fail = (why: string): never => { throw new ConfigException(configName, path, `Invalid field path: ${why}`); };
  if (path.trim() === '') fail('empty path');
  while (i < path.length) {
    let name: string;
    if (path[i] === '`') {
      const end = path.indexOf('`', i + 1);
      if (end < 0) fail('unclosed backtick');
      name = path.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      name = path.slice(start, i);
    }
    if (name === '*') steps.push({ kind: 'any' });
    else if (name !== '') steps.push({ kind: 'name', name });
    else if (path[i] !== '[') fail('empty segment');
    while (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) fail('unclosed [');
      const inner = path.slice(i + 1, end);
      if (inner === '*') steps.push({ kind: 'items' });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else fail(`bad array index [${inner}]`);
      i = end + 1;
    }
    if (i < path.length) {
      if (path[i] !== '.') fail(`unexpected '${path[i]}'`);
      i++;
      if (i === path.length) fail('trailing dot');
    }
  }
  if (steps.length === 0) fail('no field named');
  return steps;
}

export function addPath(root: PathNode, path: string, ruleId: number, configName: string): void {
  let node = root;
  for (const step of parsePath(path, configName)) {
    switch (step.kind) {
      case 'name': {
        let next = node.children.get(step.name);
        if (!next) { next = newNode(); node.children.set(step.name, next); }
        node = next;
        break;
      }
      case 'any': node = node.any ??= newNode(); break;
      case 'items': node = node.items ??= newNode(); break;
      case 'index': {
        let next = node.index.get(step.index);
        if (!next) { next = newNode(); node.index.set(step.index, next); }
        node = next;
        break;
      }
    }
  }
  if (!node.rules.includes(ruleId)) node.rules.push(ruleId);
}

const NONE: readonly PathNode[] = [];

/** Active nodes after descending into field/map key `name`. */
export function stepName(active: readonly PathNode[], name: string): readonly PathNode[] {
  if (active.length === 0) return NONE;
  if (active.length === 1) {
    const n = active[0];
    const child = n.children.get(name);
    if (n.any === null) return child === undefined ? NONE : [child];
    return child === undefined ? [n.any] : [child, n.any];
  }
  const out: PathNode[] = [];
  for (const n of active) {
    const child = n.children.get(name);
    if (child !== undefined) out.push(child);
    if (n.any !== null) out.push(n.any);
  }
  return out;
}

/** Active nodes for array element `index`. */
export function stepIndex(active: readonly PathNode[], index: number): readonly PathNode[] {
  if (active.length === 0) return NONE;
  const out: PathNode[] = [];
  for (const n of active) {
    if (n.items !== null) out.push(n.items);
    const at = n.index.get(index);
    if (at !== undefined) out.push(at);
    if (n.any !== null) out.push(n.any);
  }
  return out;
}

/** Every node reachable by one step of any kind (for schema planning of map values). */
export function stepAnyChild(active: readonly PathNode[]): readonly PathNode[] {
  const out: PathNode[] = [];
  for (const n of active) {
    out.push(...n.children.values(), ...n.index.values());
    if (n.items !== null) out.push(n.items);
    if (n.any !== null) out.push(n.any);
  }
  return out;
}

/** True when some active node names children explicitly, so a walk can skip other keys. */
export function onlyNamedChildren(active: readonly PathNode[]): boolean {
  return active.every((n) => n.any === null);
}

export function firstRule(active: readonly PathNode[]): number {
  let best = -1;
  for (const n of active) for (const r of n.rules) if (best === -1 || r < best) best = r;
  return best;
}
