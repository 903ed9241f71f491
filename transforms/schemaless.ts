// Copy-on-write helpers over schemaless maps, keeping the caller's representation (a Map stays
// a Map, a plain object stays a plain object) so a transform never changes how a converter or
// a sink sees the value's shape.
import type { SchemalessMap } from './requirements.ts';

export function mapGet(map: SchemalessMap, key: string): unknown {
  return map instanceof Map ? map.get(key) : Object.hasOwn(map, key) ? map[key] : undefined;
}

export function mapHas(map: SchemalessMap, key: string): boolean {
  return map instanceof Map ? map.has(key) : Object.hasOwn(map, key);
}

export function mapCopy(map: SchemalessMap): SchemalessMap {
  return map instanceof Map ? new Map(map) : { ...map };
}

export function emptyLike(map: SchemalessMap): SchemalessMap {
  return map instanceof Map ? new Map() : {};
}

export function mapSet(map: SchemalessMap, key: string, value: unknown): void {
  if (map instanceof Map) map.set(key, value);
  else map[key] = value;
}

export function mapDelete(map: SchemalessMap, key: string): void {
  if (map instanceof Map) map.delete(key);
  else delete map[key];
}

export function mapEntries(map: SchemalessMap): [string, unknown][] {
  return map instanceof Map ? [...map].map(([k, v]) => [String(k), v]) : Object.entries(map);
}
