// SendOrder alone: which send may go when batches fail and are retried. Invariant under test: a
// failed batch goes again before any batch not yet sent, failed batches go again one at a time in
// their first order, and only once every send already with the client has been answered.
import { describe, expect, test } from '@jest/globals';
import { SendOrder } from '../../../../runtime/kafka/send-order.ts';
import { DEFAULT_RETRY_SETTINGS, retryBackoffMs, retrySettingsFrom } from '../../../../runtime/kafka/producer-retry.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SendOrder', () => {
  test('first sends go freely while nothing is being retried', async () => {
    const order = new SendOrder();
    const a = order.ticket();
    await order.firstTurn();
    order.sent(a);
    expect(order.retrying).toBe(false);
    order.settled(a);
  });

  test('failed batches go again in their first order, after every send in flight was answered, before any new send', async () => {
    const order = new SendOrder();
    const [a, b, c, d] = [order.ticket(), order.ticket(), order.ticket(), order.ticket()];
    order.sent(a);
    order.sent(b);
    order.sent(c);
    const events: string[] = [];
    // c fails first (its answer came first), then a; b is still with the client.
    void order.retryTurn(c).then(() => events.push('retry c'));
    void order.retryTurn(a).then(() => events.push('retry a'));
    void order.firstTurn().then(() => events.push('first d'));
    await tick();
    expect(events).toEqual([]);
    expect(order.retrying).toBe(true);

    order.settled(b); // b delivered: nothing else with the client, a's turn
    await tick();
    expect(events).toEqual(['retry a']);
    order.sent(a);
    void order.retryTurn(a).then(() => events.push('retry a again')); // failed again: still first
    await tick();
    expect(events).toEqual(['retry a', 'retry a again']);
    order.sent(a);
    order.settled(a);
    await tick();
    expect(events).toEqual(['retry a', 'retry a again', 'retry c']);
    order.sent(c);
    order.settled(c);
    await tick();
    expect(events).toEqual(['retry a', 'retry a again', 'retry c', 'first d']);
    expect(order.retrying).toBe(false);
    order.sent(d);
    order.settled(d);
  });
});

describe('retry policy', () => {
  test('settings are read with Kafka\'s names; bad values are refused', () => {
    expect(retrySettingsFrom({ 'delivery.timeout.ms': '3000', 'retry.backoff.ms': '50', 'retry.backoff.max.ms': '400', 'linger.ms': '5' }))
      .toEqual({ deliveryTimeoutMs: 3000, retryBackoffMs: 50, retryBackoffMaxMs: 400 });
    expect(retrySettingsFrom({})).toEqual({});
    expect(() => retrySettingsFrom({ 'delivery.timeout.ms': '-1' })).toThrow(/delivery\.timeout\.ms/);
  });

  test('backoff doubles from retry.backoff.ms up to retry.backoff.max.ms, within 20 % jitter (KIP-580)', () => {
    const within = (ms: number, base: number) => ms >= base * 0.8 && ms <= base * 1.2;
    expect(within(retryBackoffMs(1, DEFAULT_RETRY_SETTINGS), 100)).toBe(true);
    expect(within(retryBackoffMs(3, DEFAULT_RETRY_SETTINGS), 400)).toBe(true);
    expect(within(retryBackoffMs(50, DEFAULT_RETRY_SETTINGS), 1000)).toBe(true);
    // A maximum below the initial backoff leaves it constant, as Kafka does.
    expect(within(retryBackoffMs(5, { ...DEFAULT_RETRY_SETTINGS, retryBackoffMs: 300, retryBackoffMaxMs: 100 }), 300)).toBe(true);
  });
});
