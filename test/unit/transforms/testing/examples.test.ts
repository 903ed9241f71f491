import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TRANSFORM_PLUGINS } from '../../../../transforms/index.ts';
import { runTransformTest, runTransformTestFile, transformsTestCommand, type TransformTestFile } from '../../../../transforms/testing/index.ts';

const EXAMPLES = join(import.meta.dirname, '../../../../transforms/examples');
const files = readdirSync(EXAMPLES, { recursive: true }).map(String).filter((f) => f.endsWith('.json')).sort();

describe('shipped examples', () => {
  test.each(files)('%s passes', async (file) => {
    const result = await runTransformTestFile(join(EXAMPLES, file));
    expect(result.report).toMatch(/^PASS/);
    expect(result.passed).toBe(true);
  });

  test('every plugin lists examples that exist, and every example file is listed', () => {
    const listed = new Set<string>();
    for (const plugin of TRANSFORM_PLUGINS) {
      expect(plugin.examples.length).toBeGreaterThan(0);
      for (const example of plugin.examples) {
        expect(existsSync(join(EXAMPLES, example))).toBe(true);
        listed.add(example);
      }
    }
    expect(files.filter((f) => !listed.has(f))).toEqual([]);
  });
});

const castFile = (expectedAge: number): TransformTestFile => ({
  config: { transforms: 'c', 'transforms.c.type': 'Cast$Value', 'transforms.c.spec': 'age:int8' },
  cases: [{ name: 'cast', input: { topic: 't', value: { age: '7' } }, expected: { topic: 't', value: { age: expectedAge } } }],
});

describe('runner', () => {
  test('fails on a wrong expectation and shows a diff of expected (-) and actual (+)', () => {
    const result = runTransformTest(castFile(8), 'wrong.json');
    expect(result.passed).toBe(false);
    expect(result.report).toContain('FAIL wrong.json');
    expect(result.report).toContain('-     "age": 8');
    expect(result.report).toContain('+     "age": 7');
  });

  test('passes on the right expectation', () => {
    expect(runTransformTest(castFile(7), 'right.json').passed).toBe(true);
  });

  test('an expected error must happen', () => {
    const file: TransformTestFile = { ...castFile(7), cases: [{ name: 'e', input: { topic: 't', value: { age: '7' } }, error: 'boom' }] };
    const result = runTransformTest(file, 'err.json');
    expect(result.passed).toBe(false);
    expect(result.report).toContain('expected an error containing "boom"');
  });

  test('an unknown transform type is reported as an invalid config', () => {
    const result = runTransformTest({ config: { transforms: 'x', 'transforms.x.type': 'com.example.Nope' }, cases: [] }, 'bad.json');
    expect(result.passed).toBe(false);
    expect(result.report).toContain('transforms.x.type');
  });

  test('the command returns 0 when all files pass, 1 otherwise, 2 without files', async () => {
    const lines: string[] = [];
    expect(await transformsTestCommand([join(EXAMPLES, files[0])], (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe('1 passed, 0 failed');
    expect(await transformsTestCommand([join(EXAMPLES, files[0]), '/nonexistent.json'], () => {})).toBe(1);
    expect(await transformsTestCommand([], () => {})).toBe(2);
  });
});
