// Shared helpers of the cluster tests: worker properties for a test broker, REST calls, polling.
export const TEST_BROKER_SETTINGS = {
  'group.initial.rebalance.delay.ms': '0',
  // Workers under test use short sessions so a killed worker is noticed within seconds.
  'group.min.session.timeout.ms': '500',
};

export function workerProps(bootstrap: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'bootstrap.servers': bootstrap,
    'group.id': 'connect-cluster',
    'config.storage.topic': 'connect-configs',
    'offset.storage.topic': 'connect-offsets',
    'status.storage.topic': 'connect-status',
    'config.storage.replication.factor': '1',
    'offset.storage.replication.factor': '1',
    'status.storage.replication.factor': '1',
    'offset.storage.partitions': '5',
    'status.storage.partitions': '3',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    listeners: 'http://127.0.0.1:0',
    'session.timeout.ms': '3000',
    'heartbeat.interval.ms': '300',
    'rebalance.timeout.ms': '10000',
    'scheduled.rebalance.max.delay.ms': '3000',
    'offset.flush.interval.ms': '500',
    ...overrides,
  };
}

export interface HttpResult { status: number; body: any }

export async function http(method: string, url: string, body?: unknown): Promise<HttpResult> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

/** Retries while the cluster answers 409 (rebalance under way), as a Connect client would. */
export async function httpSettled(method: string, url: string, body?: unknown, timeoutMs = 20_000): Promise<HttpResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await http(method, url, body);
    const rebalancing = result.status === 409 && !/already exists/.test(String(result.body?.message));
    if (!rebalancing || Date.now() > deadline) return result;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TaskStatus { id: number; state: string; worker_id: string }

/** The connector's task statuses once `count` tasks are RUNNING, else null. */
export async function runningTasks(baseUrl: string, connector: string, count: number): Promise<TaskStatus[] | null> {
  const r = await http('GET', `${baseUrl}connectors/${connector}/status`);
  if (r.status !== 200) return null;
  const tasks = r.body.tasks as TaskStatus[];
  return tasks.length === count && tasks.every((t) => t.state === 'RUNNING') ? tasks : null;
}

export function spread(tasks: TaskStatus[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) out[t.worker_id] = (out[t.worker_id] ?? 0) + 1;
  return out;
}

export function datagenConnector(name: string, topic: string, tasks: number, iterations = -1, maxInterval = 50): { name: string; config: Record<string, string> } {
  return {
    name,
    config: {
      'connector.class': 'Datagen', 'kafka.topic': topic, quickstart: 'orders', 'tasks.max': String(tasks),
      iterations: String(iterations), 'max.interval': String(maxInterval), 'random.seed': '7',
    },
  };
}
