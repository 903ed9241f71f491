// What both task runners share: identity, configs, logging and state reports to the worker.
import type { Logger } from 'pino';

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED';

export interface TaskId {
  readonly connector: string;
  readonly task: number;
}

export interface TaskRunnerBase {
  readonly id: TaskId;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly logger: Logger;
  /** RUNNING after start, PAUSED/RUNNING on target state changes, FAILED (with error), UNASSIGNED after a clean stop. */
  readonly onStateChange: (state: TaskState, error?: Error) => void;
  readonly onTopicUsed?: (topic: string) => void;
}

export interface TaskRunner {
  start(paused?: boolean): void;
  pause(): void;
  resume(): void;
  /** Graceful stop: resolves when the task has stopped and committed what it may. */
  stop(): Promise<void>;
}

/** Reports each state once (a FAILED task stays FAILED). */
export class StateReporter {
  readonly #listener: (state: TaskState, error?: Error) => void;
  #state: TaskState | null = null;

  constructor(listener: (state: TaskState, error?: Error) => void) {
    this.#listener = listener;
  }

  get state(): TaskState | null {
    return this.#state;
  }

  change(state: TaskState, error?: Error): void {
    if (this.#state === 'FAILED' || this.#state === state) return;
    this.#state = state;
    this.#listener(state, error === undefined ? undefined : withCauses(error));
  }
}

/**
 * The error with its causes appended to its stack ("Caused by: …"), as Kafka's status trace shows
 * them: the reason a task failed is usually the cause (e.g. what the tolerance check stopped on).
 */
export function withCauses(error: Error): Error {
  let stack = error.stack ?? `${error.name}: ${error.message}`;
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    stack += `\nCaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`;
  }
  const copy = new Error(error.message, { cause: error.cause });
  copy.name = error.name;
  copy.stack = stack;
  return copy;
}
