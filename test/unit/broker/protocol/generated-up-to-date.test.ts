// The committed generated codecs are exactly what the generator makes from the specs.
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAll, HEADER, OUTPUT_DIR } from '../../../../scripts/generate-protocol.ts';
import { specs } from './spec-samples.ts';

test('broker/protocol/generated matches npm run generate', () => {
  const files = generateAll(specs());
  expect(readdirSync(OUTPUT_DIR).sort()).toEqual([...files.keys()].sort());
  for (const [name, code] of files) {
    expect(code.startsWith(`${HEADER}\n`)).toBe(true);
    expect({ name, same: readFileSync(join(OUTPUT_DIR, name), 'utf8') === code }).toEqual({ name, same: true });
  }
});
