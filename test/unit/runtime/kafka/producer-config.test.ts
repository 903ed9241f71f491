// Kafka producer configs mapped onto the producer's settings, with Kafka's values and its rules
// between acks, enable.idempotence and max.in.flight.requests.per.connection.
import { describe, expect, test } from '@jest/globals';
import { producerSettingsFrom, reconcileIdempotence } from '../../../../runtime/kafka/producer-config.ts';

describe('producerSettingsFrom', () => {
  test('reads Kafka\'s names and values', () => {
    expect(producerSettingsFrom({
      acks: 'all', 'enable.idempotence': 'TRUE', 'compression.type': 'zstd', 'linger.ms': '20',
      'max.in.flight.requests.per.connection': '3', 'delivery.timeout.ms': '30000', 'bootstrap.servers': 'x:9092',
    })).toEqual({ acks: -1, idempotent: true, compression: 'zstd', lingerMs: 20, maxInFlight: 3, deliveryTimeoutMs: 30_000 });
    expect(producerSettingsFrom({ acks: '1' }).acks).toBe(1);
    expect(producerSettingsFrom({ acks: '0' }).acks).toBe(0);
    expect(producerSettingsFrom({})).toEqual({});
  });

  test.each([
    ['acks', 'some', /Invalid value some for configuration acks: String must be one of: all, -1, 0, 1/],
    ['compression.type', 'brotli', /compression\.type: String must be one of: none, gzip, snappy, lz4, zstd/],
    ['enable.idempotence', 'yes', /enable\.idempotence: Expected value to be either true or false/],
    ['linger.ms', '-5', /linger\.ms: expected a non-negative integer/],
    ['max.in.flight.requests.per.connection', '0', /Value must be at least 1/],
  ])('%s=%s is refused with Kafka\'s message', (key, value, message) => {
    expect(() => producerSettingsFrom({ [key]: value })).toThrow(message);
  });
});

describe('reconcileIdempotence', () => {
  test('idempotence left to its default is turned off by acks other than all, or more than 5 requests in flight', () => {
    expect(reconcileIdempotence({ acks: 1, idempotent: true }, false).idempotent).toBe(false);
    expect(reconcileIdempotence({ acks: -1, idempotent: true, maxInFlight: 10 }, false).idempotent).toBe(false);
    expect(reconcileIdempotence({ acks: -1, idempotent: true, maxInFlight: 5 }, false).idempotent).toBe(true);
  });

  test('enable.idempotence=true set explicitly with acks other than all, or more than 5 in flight, is an error', () => {
    expect(() => reconcileIdempotence({ acks: 0, idempotent: true }, true)).toThrow(/Must set acks to all in order to use the idempotent producer/);
    expect(() => reconcileIdempotence({ idempotent: true, maxInFlight: 6 }, true)).toThrow(/at most 5 to use the idempotent producer/);
  });
});
