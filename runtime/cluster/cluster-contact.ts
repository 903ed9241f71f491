// Whether this worker can reach its Kafka cluster, as its group membership sees it: heartbeats
// and joins run every heartbeat.interval.ms, so a refused or dropped connection is noticed within
// about one interval (a silent network within one client request timeout more). While contact is
// lost the worker keeps retrying and its tasks keep what they have; REST requests that need the
// cluster fail at once with a message that says so instead of waiting out their timeout
// (docs/adr/20261123-rest-while-kafka-is-unreachable.md).
import type { Logger } from 'pino';
import { ClusterUnavailableError } from '../herder/herder-errors.ts';
import { connectionFailureText, isConnectionError } from '../kafka/connection-errors.ts';

/** Kafka's RestServer.DEFAULT_REST_REQUEST_TIMEOUT_MS: how long a herder request may take at most. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000;
/** How often a lasting loss is logged again at WARN. */
const REMINDER_MS = 30_000;

export interface ClusterContactOptions {
  /** As configured (bootstrap.servers), to name the cluster in logs and REST answers. */
  bootstrapServers: string;
  logger: Logger;
  requestTimeoutMs?: number;
}

export class ClusterContact {
  readonly #o: ClusterContactOptions;
  #lostAt: number | null = null;
  #cause = '';
  #lastWarning = 0;
  readonly #lostListeners = new Set<() => void>();

  constructor(options: ClusterContactOptions) {
    this.#o = options;
  }

  get lost(): boolean {
    return this.#lostAt !== null;
  }

  /** A call to the cluster failed; returns whether it was a connection failure (the only kind that counts). */
  failed(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    this.#cause = connectionFailureText(error);
    const now = Date.now();
    const { bootstrapServers, logger } = this.#o;
    if (this.#lostAt === null) {
      this.#lostAt = now;
      this.#lastWarning = now;
      logger.warn({ bootstrapServers, cause: this.#cause },
        `Lost contact with the Kafka cluster at ${bootstrapServers}; retrying. Until it is back, REST requests that need the cluster answer 500 and tasks wait`);
      for (const listener of this.#lostListeners) listener();
    } else if (now - this.#lastWarning >= REMINDER_MS) {
      this.#lastWarning = now;
      logger.warn({ bootstrapServers, cause: this.#cause, lostForMs: now - this.#lostAt }, `Still no contact with the Kafka cluster at ${bootstrapServers}; retrying`);
    }
    return true;
  }

  /** A call to the cluster succeeded. */
  succeeded(): void {
    if (this.#lostAt === null) return;
    const lostForMs = Date.now() - this.#lostAt;
    this.#lostAt = null;
    this.#o.logger.info({ bootstrapServers: this.#o.bootstrapServers, lostForMs }, `Contact with the Kafka cluster at ${this.#o.bootstrapServers} is back`);
  }

  /** What a request that needs the cluster answers while it cannot be reached. */
  unavailableError(cause?: unknown): ClusterUnavailableError {
    const since = this.#lostAt === null ? '' : ` since ${new Date(this.#lostAt).toISOString()}`;
    const why = cause === undefined ? this.#cause : connectionFailureText(cause);
    return new ClusterUnavailableError(`Cannot complete the request: this worker has lost contact with the Kafka cluster at ${
      this.#o.bootstrapServers}${since}${why === '' ? '' : ` (${why})`} and keeps retrying; try again once the cluster is reachable.`);
  }

  /**
   * Runs a step that needs the cluster: fails at once while contact is lost, as soon as it is lost
   * during the step, or when the step outlasts the request timeout (with Kafka's "Request timed
   * out. The worker is currently <stage>, which began at <time>").
   */
  async guard<T>(stage: string, step: () => Promise<T>): Promise<T> {
    if (this.#lostAt !== null) throw this.unavailableError();
    const began = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let onLost = (): void => undefined;
    const interrupted = new Promise<never>((_, reject) => {
      onLost = () => reject(this.unavailableError());
      timer = setTimeout(() => reject(new ClusterUnavailableError(
        `Request timed out. The worker is currently ${stage}, which began at ${new Date(began).toISOString()}`)), this.#o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    });
    this.#lostListeners.add(onLost);
    const work = step().catch((error: unknown) => {
      throw isConnectionError(error) ? this.unavailableError(error) : error;
    });
    try {
      return await Promise.race([work, interrupted]);
    } finally {
      clearTimeout(timer);
      this.#lostListeners.delete(onLost);
    }
  }
}
