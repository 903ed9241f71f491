// Crash safety: a process appending with acks=-1 is killed with SIGKILL mid-stream; after reopening
// the log, every acknowledged batch must be there, in order, with contiguous offsets, and no
// corrupt batch may be served.
import { afterEach, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartitionLog } from '../../../broker/log/partition-log.ts';
import { logConfig } from '../../../broker/log/log-config.ts';
import { iterateBatches } from '../../../broker/protocol/records/batch-iterator.ts';
import { decodeBatch, encodeBatch } from '../../../broker/protocol/records/record-codec.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-kill9-'));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const projectRoot = join(import.meta.dirname, '..', '..', '..');
const nodeBin = join(projectRoot, 'node_modules', '.bin', 'node');

test('every acks=-1 acknowledged batch survives kill -9, with contiguous offsets', async () => {
  const dir = join(root, 'crash-0');
  const child = spawn(nodeBin, [join(import.meta.dirname, 'append-until-killed.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acknowledged = new Map<number, { lastOffset: number; producerIndex: number }>();
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [base, last, index] = line.split(' ').map(Number);
        acknowledged.set(base, { lastOffset: last, producerIndex: index });
      }
      // Kill mid-stream, while appends are certainly in flight.
      if (acknowledged.size >= 400 && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code, signal) => { if (signal !== 'SIGKILL') reject(new Error(`child exited early: ${code}`)); });
  });
  await new Promise((resolve) => child.once('close', resolve));

  const log = await PartitionLog.open(dir, logConfig({ segmentBytes: 64 * 1024, indexIntervalBytes: 1024 }));
  try {
    let expectedOffset = 0;
    const present = new Map<number, number>();
    while (expectedOffset < log.logEndOffset) {
      const { records } = await log.read(expectedOffset, 256 * 1024, true);
      for (const chunk of records) {
        for (const batch of iterateBatches(chunk)) { // verifies framing and CRC of every batch
          expect(batch.header.baseOffset).toBe(expectedOffset);
          const decoded = decodeBatch(batch.bytes);
          expect(decoded.records.map((r) => r.offset)).toEqual(decoded.records.map((_, j) => expectedOffset + j));
          present.set(batch.header.baseOffset, batch.header.baseOffset + batch.header.lastOffsetDelta);
          expectedOffset = batch.header.baseOffset + batch.header.lastOffsetDelta + 1;
        }
      }
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(400);
    for (const [base, { lastOffset }] of acknowledged) expect(present.get(base)).toBe(lastOffset);
    // The recovered log is usable: the next append continues right after the last valid batch.
    const end = log.logEndOffset;
    expect(end).toBe(expectedOffset);
    const next = await log.append(encodeBatch([{ value: Buffer.from('after restart') }]), { acks: -1 });
    expect(next.baseOffset).toBe(end);
  } finally {
    await log.close();
  }
});
