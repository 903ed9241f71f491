// Rules the generated codecs share for fields that a version lacks or that may be null.
// Kafka's rule: encoding a field that the target version does not have is an error unless the
// value is the field's default (nothing is lost) or the field is declared `ignorable`.

import { ProtocolEncodeError } from './writer.ts';

export function absentFieldError(struct: string, field: string, version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(
    `${struct}.${field} does not exist in version ${version} and is not ignorable: it must keep its default value`,
  );
}

/** For fields nullable only in some versions: null in a version that forbids it is an error. */
export function nonNull<T>(value: T | null, struct: string, field: string, version: number): T {
  if (value === null) throw new ProtocolEncodeError(`${struct}.${field} cannot be null in version ${version}`);
  return value;
}

/** Deep equality of decoded values (numbers, strings, booleans, null, Buffers, arrays, structs). */
export function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => equalValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
