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
    this.#listener(state, error);
  }
}
