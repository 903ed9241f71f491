// Sequence arithmetic of idempotent producers. Sequences are Int32 and wrap from Int32 max to 0
// (KIP-98), so a batch's last sequence and the "next in line" test must wrap the same way the
// producer does, or a long-lived producer would be fenced when its counter wraps.

export const MAX_SEQUENCE = 0x7fffffff;
/** RecordBatch.NO_SEQUENCE: what a non-idempotent batch carries, and "no batch seen yet". */
export const NO_SEQUENCE = -1;

/** The sequence `increment` steps after `sequence`, wrapping past Int32 max to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > MAX_SEQUENCE - increment) return increment - (MAX_SEQUENCE - sequence) - 1;
  return sequence + increment;
}

/** True when `next` directly follows `last` (0 follows Int32 max). */
export function inSequence(last: number, next: number): boolean {
  return next === last + 1 || (next === 0 && last === MAX_SEQUENCE);
}
