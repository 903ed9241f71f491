/** A plain object: made by a literal, JSON.parse or Object.create(null) — not a class instance, array or Map. */
export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
