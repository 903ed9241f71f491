import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { StdinLines } from '../../../../connectors/file/stdin-lines.ts';

describe('StdinLines (the source connector without a file)', () => {
  test('lines arrive as they are written, without positions, at most max per call', async () => {
    const input = new PassThrough();
    const lines = new StdinLines(input);
    input.write('one\ntw');
    expect(await lines.lines(10, 1000)).toEqual([{ line: 'one', position: null }]);
    const waiting = lines.lines(1, 1000);
    input.write('o\nthree\n');
    expect(await waiting).toEqual([{ line: 'two', position: null }]);
    expect(await lines.lines(10, 1000)).toEqual([{ line: 'three', position: null }]);
    lines.close();
  });

  test('an empty wait ends after waitMs, or at once on close()', async () => {
    const lines = new StdinLines(new PassThrough());
    expect(await lines.lines(10, 20)).toEqual([]);
    const pending = lines.lines(10, 60_000);
    lines.close();
    expect(await pending).toEqual([]);
  });
});
