import { expect, test } from '@jest/globals';
import { crc32c } from '@node-rs/crc32';

test('native CRC-32C matches the Castagnoli check value', () => {
  expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
});
