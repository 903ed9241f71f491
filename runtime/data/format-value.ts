// Human-readable rendering of Connect values for toString()s and error messages, close to how
// Java prints the same values (lists as [a, b], maps as {k=v}).
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `bytes[${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${formatValue(k)}=${formatValue(v)}`).join(', ')}}`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}}`;
  }
  return String(value);
}
