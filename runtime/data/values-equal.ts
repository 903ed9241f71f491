// Deep equality over Connect values (Kafka's Objects.deepEquals). Objects that define their own
// `equals` (Struct, Decimal, Schema) decide for themselves; this file imports none of them so the
// data model has no import cycle.

interface WithEquals {
  equals(other: unknown): boolean;
}

function hasEquals(value: object): value is WithEquals {
  return typeof (value as Partial<WithEquals>).equals === 'function';
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (hasEquals(a)) return a.equals(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    return mapsEqual(a, b);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && valuesEqual(ra[k], rb[k]));
}

function mapsEqual(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
  const unmatched = [...b.entries()];
  for (const [key, value] of a) {
    // Fast path for primitive keys; structured keys (structs, arrays) need a scan.
    if (b.has(key)) {
      if (!valuesEqual(value, b.get(key))) return false;
      const i = unmatched.findIndex(([k]) => k === key);
      unmatched.splice(i, 1);
      continue;
    }
    const i = unmatched.findIndex(([k, v]) => valuesEqual(k, key) && valuesEqual(v, value));
    if (i < 0) return false;
    unmatched.splice(i, 1);
  }
  return unmatched.length === 0;
}
