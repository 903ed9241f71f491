import type { Request } from 'express';
import { NOT_FOUND_PATH } from './rest-errors.ts';

/** The {task} path parameter; a non-integer matches no resource in Jersey (404). */
export function taskParam(req: Request): number {
  const raw = String(req.params.task);
  if (!/^[+-]?\d+$/.test(raw)) throw NOT_FOUND_PATH;
  const task = Number(raw);
  if (!Number.isSafeInteger(task) || task > 2147483647 || task < -2147483648) throw NOT_FOUND_PATH;
  return task;
}
