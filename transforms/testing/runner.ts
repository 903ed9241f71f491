// Runs transform-test files: a connector-style transforms config, input records and the records
// expected out of the chain (null = dropped; {"error": "substring"} = the chain must throw).
import { readFile } from 'node:fs/promises';
import { applyChain, buildChain } from './chain.ts';
import { lineDiff } from './diff.ts';
import { decodeRecord, encodeRecord, type RecordJson } from './record-json.ts';

export interface TransformTestCase {
  name: string;
  input: RecordJson;
  expected?: RecordJson | null;
  error?: string;
}

export interface TransformTestFile {
  description?: string;
  /** Records handed to the chain are SourceRecords unless "sink" (adds offset). */
  recordType?: 'source' | 'sink';
  config: Record<string, string>;
  cases: TransformTestCase[];
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

export function runTransformTest(file: TransformTestFile, label: string): { passed: boolean; report: string } {
  const lines: string[] = [];
  let failures = 0;
  const kind = file.recordType ?? 'source';
  let chain;
  try {
    chain = buildChain(file.config);
  } catch (error) {
    return { passed: false, report: `FAIL ${label}: invalid config: ${(error as Error).message}` };
  }
  for (const c of file.cases) {
    let outcome: string | null;
    try {
      const actual = applyChain(chain, decodeRecord(c.input, kind));
      if (c.error !== undefined) {
        outcome = `expected an error containing "${c.error}", got a record:\n${pretty(actual === null ? null : encodeRecord(actual))}`;
      } else {
        // The expectation goes through decode → encode too, so notation variants compare equal.
        const expected = c.expected === null || c.expected === undefined ? null : encodeRecord(decodeRecord(c.expected, kind));
        const got = actual === null ? null : encodeRecord(actual);
        outcome = pretty(expected) === pretty(got) ? null : lineDiff(pretty(expected), pretty(got));
      }
    } catch (error) {
      const message = (error as Error).message;
      outcome = c.error !== undefined && message.includes(c.error) ? null : `unexpected error: ${(error as Error).name}: ${message}`;
    }
    if (outcome === null) {
      lines.push(`  ok   ${c.name}`);
    } else {
      failures++;
      lines.push(`  FAIL ${c.name}\n${outcome.split('\n').map((l) => `       ${l}`).join('\n')}`);
    }
  }
  for (const step of chain) step.transform.close();
  const header = `${failures === 0 ? 'PASS' : 'FAIL'} ${label}${file.description ? ` — ${file.description}` : ''}`;
  return { passed: failures === 0, report: [header, ...lines].join('\n') };
}

export async function runTransformTestFile(path: string): Promise<{ passed: boolean; report: string }> {
  let file: TransformTestFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as TransformTestFile;
  } catch (error) {
    return { passed: false, report: `FAIL ${path}: cannot read: ${(error as Error).message}` };
  }
  return runTransformTest(file, path);
}

/** `tributary transforms test FILE…`: prints each report; exit code 0 when all pass, 1 otherwise, 2 on usage. */
export async function transformsTestCommand(argv: string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  if (argv.length === 0) {
    out('usage: tributary transforms test FILE…');
    return 2;
  }
  let failed = 0;
  for (const path of argv) {
    const result = await runTransformTestFile(path);
    out(result.report);
    if (!result.passed) failed++;
  }
  out(`${argv.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
