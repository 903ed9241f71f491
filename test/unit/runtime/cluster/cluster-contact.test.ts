import { expect, test } from '@jest/globals';
import { NetworkError } from '@platformatic/kafka';
import { silentLogger } from '../../../../logging/logger.ts';
import { ClusterContact } from '../../../../runtime/cluster/cluster-contact.ts';
import { ClusterUnavailableError } from '../../../../runtime/herder/herder-errors.ts';

const refused = () => new NetworkError('Connection to k1:9092 failed.', { cause: new Error('connect ECONNREFUSED k1:9092') });
const contact = (requestTimeoutMs?: number) => new ClusterContact({ bootstrapServers: 'k1:9092', logger: silentLogger(), requestTimeoutMs });

test('only connection failures count; while lost, guarded steps fail at once saying why; a success restores', async () => {
  const c = contact();
  expect(c.failed(new Error('UNKNOWN_MEMBER_ID'))).toBe(false);
  expect(c.lost).toBe(false);
  expect(c.failed(refused())).toBe(true);
  let ran = false;
  const error = await c.guard('reading', async () => { ran = true; }).catch((e: unknown) => e);
  expect(ran).toBe(false);
  expect(error).toBeInstanceOf(ClusterUnavailableError);
  expect((error as Error).message).toMatch(/^Cannot complete the request: this worker has lost contact with the Kafka cluster at k1:9092 since \S+Z \(Connection to k1:9092 failed: connect ECONNREFUSED k1:9092\) and keeps retrying/);
  c.succeeded();
  await expect(c.guard('reading', async () => 7)).resolves.toBe(7);
});

test('a step under way is answered as soon as contact is lost', async () => {
  const c = contact();
  const pending = c.guard('waiting for a rebalance to complete', () => new Promise<never>(() => undefined));
  c.failed(refused());
  await expect(pending).rejects.toThrow(/lost contact with the Kafka cluster at k1:9092/);
});

test("a step that outlasts the request timeout gets Kafka's timeout message", async () => {
  await expect(contact(50).guard('reading the config topic to its end', () => new Promise<never>(() => undefined)))
    .rejects.toThrow(/^Request timed out\. The worker is currently reading the config topic to its end, which began at \S+Z$/);
});

test("a step's own connection failure becomes the unavailable answer", async () => {
  await expect(contact().guard('reading', () => Promise.reject(refused()))).rejects.toBeInstanceOf(ClusterUnavailableError);
  await expect(contact().guard('reading', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
});
