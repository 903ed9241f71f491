import { describe, expect, test } from '@jest/globals';
import { ErrorCodes, KAFKA_ERRORS, errorByCode, errorCodeOf, isKafkaErrorName } from '../../../../broker/protocol/errors.ts';

describe('Kafka error table', () => {
  test('names and codes are unique, codes run from -1 without gaps', () => {
    const codes = KAFKA_ERRORS.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(KAFKA_ERRORS.map((e) => e.name)).size).toBe(codes.length);
    expect([...codes].sort((a, b) => a - b)).toEqual(Array.from({ length: codes.length }, (_, i) => i - 1));
  });

  test('well-known codes, flags and messages', () => {
    expect(ErrorCodes.NONE).toBe(0);
    expect(ErrorCodes.UNKNOWN_SERVER_ERROR).toBe(-1);
    expect(ErrorCodes.UNSUPPORTED_VERSION).toBe(35);
    expect(ErrorCodes.INVALID_REGULAR_EXPRESSION).toBe(128);
    expect(errorByCode(6)).toMatchObject({ name: 'NOT_LEADER_OR_FOLLOWER', retriable: true });
    expect(errorByCode(1)).toMatchObject({ name: 'OFFSET_OUT_OF_RANGE', retriable: false, message: 'The requested offset is not within the range of offsets maintained by the server.' });
    expect(errorByCode(9999)).toBeUndefined();
  });

  test('name lookups; unknown names map to UNKNOWN_SERVER_ERROR', () => {
    expect(errorCodeOf('TOPIC_ALREADY_EXISTS')).toBe(36);
    expect(errorCodeOf('NO_SUCH_ERROR')).toBe(-1);
    expect(isKafkaErrorName('REBALANCE_IN_PROGRESS')).toBe(true);
    expect(isKafkaErrorName('NO_SUCH_ERROR')).toBe(false);
    expect(Object.isFrozen(ErrorCodes)).toBe(true);
  });
});
