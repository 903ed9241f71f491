// The worker settings the engine reads, with Kafka Connect's names and defaults.
export interface EngineSettings {
  readonly offsetFlushIntervalMs: number;
  readonly offsetFlushTimeoutMs: number;
  readonly taskShutdownGracefulTimeoutMs: number;
  readonly topicCreationEnable: boolean;
  /** topic.tracking.enable: tasks report the topics they use (KIP-558). */
  readonly topicTrackingEnable: boolean;
  /** Unacknowledged records per source task before poll() waits (Tributary's bound on in-flight data). */
  readonly sourceMaxInFlight: number;
}

function num(props: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = props[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`Invalid value ${raw} for configuration ${name}: must be a non-negative number`);
  return n;
}

export function engineSettings(worker: Readonly<Record<string, string>>): EngineSettings {
  return {
    offsetFlushIntervalMs: num(worker, 'offset.flush.interval.ms', 60_000),
    offsetFlushTimeoutMs: num(worker, 'offset.flush.timeout.ms', 5_000),
    taskShutdownGracefulTimeoutMs: num(worker, 'task.shutdown.graceful.timeout.ms', 5_000),
    topicCreationEnable: (worker['topic.creation.enable'] ?? 'true').trim().toLowerCase() !== 'false',
    // Parsed as the REST layer parses it, so the 403 and the recording switch off together.
    topicTrackingEnable: (worker['topic.tracking.enable'] ?? 'true').trim().toLowerCase() === 'true',
    sourceMaxInFlight: num(worker, 'tributary.source.max.in.flight.records', 5_000),
  };
}

/** Keys under `prefix` with the prefix removed (Kafka's originalsWithPrefix). */
export function withPrefix(props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
