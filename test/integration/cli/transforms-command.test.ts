import { expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/broker-process.ts';

const examples = join(import.meta.dirname, '..', '..', '..', 'transforms', 'examples', 'mask-field');

function collect(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = runCli(args);
  let out = '';
  child.stdout?.on('data', (c) => { out += c; });
  child.stderr?.on('data', (c) => { out += c; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

test('tributary transforms test passes on the shipped examples and prints a diff on a wrong expectation', async () => {
  const files = readdirSync(examples).map((f) => join(examples, f));
  const good = await collect(['transforms', 'test', ...files]);
  expect(good.code).toBe(0);
  expect(good.out).toContain(`${files.length} passed, 0 failed`);

  const dir = mkdtempSync(join(tmpdir(), 'tributary-transforms-'));
  const wrong = JSON.parse(readFileSync(files[0], 'utf8'));
  wrong.cases[0].expected.topic = 'not-the-topic';
  writeFileSync(join(dir, 'wrong.json'), JSON.stringify(wrong));
  const bad = await collect(['transforms', 'test', join(dir, 'wrong.json')]);
  rmSync(dir, { recursive: true, force: true });
  expect(bad.code).toBe(1);
  expect(bad.out).toContain('not-the-topic');
  expect(bad.out).toContain('0 passed, 1 failed');
});
