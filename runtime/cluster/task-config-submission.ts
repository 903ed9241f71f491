// A follower's task configs go to the leader, which alone writes them to the config topic
// (Kafka's internal POST /connectors/{connector}/tasks?forward=true, body: the list of task
// configs, signed with the session key in the sessioned protocol). A failure is the caller's to
// retry (the leader may be unknown, rebalancing or briefly unreachable).
import type { SessionKey } from '../storage/config-backing-store.ts';
import { httpForwarder, internalUrl } from './http-forwarder.ts';
import { signatureHeaders } from './request-signing.ts';

export interface TaskConfigSubmission {
  leaderUrl: string | null;
  connector: string;
  configs: Record<string, string>[];
  /** Signs the request when set (sessioned protocol; the leader refuses unsigned requests then). */
  sessionKey: SessionKey | null;
  signatureAlgorithm: string;
}

export async function submitTaskConfigsToLeader(s: TaskConfigSubmission): Promise<void> {
  if (s.leaderUrl === null) throw new Error(`No leader is known yet to take the task configs of ${s.connector}`);
  const url = internalUrl(s.leaderUrl, `/connectors/${encodeURIComponent(s.connector)}/tasks`, { forward: 'true' });
  // The forwarder sends JSON.stringify(body): the bytes signed here.
  const headers = s.sessionKey === null ? {} : signatureHeaders(s.sessionKey, s.signatureAlgorithm, JSON.stringify(s.configs));
  const response = await httpForwarder({ url, method: 'POST', body: s.configs, headers });
  if (response.status >= 300) {
    throw new Error(`The leader refused the task configs of ${s.connector}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
}
