import { describe, expect, test } from '@jest/globals';
import { ConfigException } from '../../../../runtime/config/config-exception.ts';
import {
  AlreadyExistsError, BadRequestError, NotFoundError, NotLeaderError, RebalanceNeededError,
} from '../../../../runtime/herder/herder-errors.ts';
import { RestError, errorResponse } from '../../../../runtime/rest/rest-errors.ts';

describe('the REST error catalogue', () => {
  test.each([
    [new NotFoundError('Connector x not found'), 404, 'Connector x not found'],
    [new AlreadyExistsError('Connector x already exists'), 409, 'Connector x already exists'],
    [new BadRequestError('bad'), 400, 'bad'],
    [new RebalanceNeededError(), 409, 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)'],
    [new NotLeaderError('not leader', 'http://leader:8083'), 409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)'],
    [new NotLeaderError('not leader', null), 409, 'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.'],
    [new RestError(403, 'Topic tracking is disabled.'), 403, 'Topic tracking is disabled.'],
    [new ConfigException('x', 1, 'nope'), 500, 'Invalid value 1 for configuration x: nope'],
  ])('%s → %i', (error, status, message) => {
    expect(errorResponse(error)).toEqual({ status, body: { error_code: status, message }, unexpected: false });
  });

  test('anything else is a 500 with its message, flagged for the log', () => {
    expect(errorResponse(new TypeError('oops'))).toEqual({ status: 500, body: { error_code: 500, message: 'oops' }, unexpected: true });
  });
});
