// A follower's task configs go to the leader, which alone writes them to the config topic
// (Kafka's POST /connectors/{connector}/tasks?forward=…, body: the list of task configs).
// When the leader's REST server does not serve that internal endpoint (404/405: the route is not
// mounted), the follower appends them itself: the config topic's single partition still orders
// every write, and the `commit-<connector>` record still makes the set current atomically.
import type { Logger } from 'pino';
import type { KafkaConfigBackingStore } from '../storage/config-backing-store.ts';
import { httpForwarder, internalUrl } from './http-forwarder.ts';

export interface TaskConfigSubmission {
  leaderUrl: string | null;
  connector: string;
  configs: Record<string, string>[];
  configStore: KafkaConfigBackingStore;
  logger: Logger;
}

export async function submitTaskConfigsToLeader(s: TaskConfigSubmission): Promise<void> {
  if (s.leaderUrl !== null) {
    const url = internalUrl(s.leaderUrl, `/connectors/${encodeURIComponent(s.connector)}/tasks`, { forward: 'true' });
    const response = await httpForwarder({ url, method: 'POST', body: s.configs, headers: {} });
    if (response.status < 300) return;
    if (response.status !== 404 && response.status !== 405) {
      throw new Error(`The leader refused the task configs of ${s.connector}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    }
  }
  s.logger.debug({ connector: s.connector }, 'leader has no internal task-configs endpoint; writing the task configs directly');
  await s.configStore.putTaskConfigs(s.connector, s.configs);
}
