import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectException, STRING_SCHEMA } from '../../../../runtime/api/index.ts';
import { FileStreamSourceConnector, FileStreamSourceTask } from '../../../../connectors/file/index.ts';
import { initializeSourceTask } from '../source-task-harness.ts';

let dir: string;
let file: string;
let task: FileStreamSourceTask;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-file-source-'));
  file = join(dir, 'input.txt');
  task = new FileStreamSourceTask();
});
afterEach(async () => {
  await task.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(props: Record<string, string> = {}, committed?: number): Promise<void> {
  initializeSourceTask(task, committed === undefined ? [] : [[{ filename: file }, { position: BigInt(committed) }]]);
  await task.start({ file, topic: 'lines', ...props });
}

const summary = (records: Awaited<ReturnType<FileStreamSourceTask['poll']>>) =>
  (records ?? []).map((r) => [r.value, r.sourceOffset]);

describe('FileStreamSourceTask', () => {
  test('each line becomes a STRING record with Kafka\'s partition and byte-position offset', async () => {
    writeFileSync(file, 'first\nsecond ünïcode\r\nthird\rfourth');
    await start();
    const records = (await task.poll())!;
    expect(summary(records)).toEqual([
      ['first', { position: 6 }], ['second ünïcode', { position: 24 }], ['third', { position: 30 }],
    ]);
    expect(records[0].topic).toBe('lines');
    expect(records[0].sourcePartition).toEqual({ filename: file });
    expect(records[0].valueSchema).toBe(STRING_SCHEMA);
    expect(records[0].kafkaPartition).toBeNull();
  });

  test('resumes after the committed position', async () => {
    writeFileSync(file, 'one\ntwo\nthree\n');
    await start({}, 4);
    expect(summary(await task.poll())).toEqual([['two', { position: 8 }], ['three', { position: 14 }]]);
  });

  test('a growing file: the incomplete last line waits, appended lines follow', async () => {
    writeFileSync(file, 'a\npart');
    await start();
    expect(summary(await task.poll())).toEqual([['a', { position: 2 }]]);
    appendFileSync(file, 'ial\nb\n');
    expect(summary(await task.poll())).toEqual([['partial', { position: 10 }], ['b', { position: 12 }]]);
  });

  test('batch.size caps the records of one poll; the rest come next', async () => {
    writeFileSync(file, Array.from({ length: 5 }, (_, i) => `line${i}\n`).join(''));
    await start({ 'batch.size': '2' });
    expect((await task.poll())!.map((r) => r.value)).toEqual(['line0', 'line1']);
    expect((await task.poll())!.map((r) => r.value)).toEqual(['line2', 'line3']);
    expect((await task.poll())!.map((r) => r.value)).toEqual(['line4']);
  });

  test('the default batch.size is 2000', async () => {
    writeFileSync(file, 'x\n'.repeat(2500));
    await start();
    expect((await task.poll())!.length).toBe(2000);
    expect((await task.poll())!.length).toBe(500);
  });

  test('a missing file is waited for and read once it appears; stop() ends the wait', async () => {
    await start();
    expect(await task.poll()).toBeNull();
    writeFileSync(file, 'late\n');
    expect(summary(await task.poll())).toEqual([['late', { position: 5 }]]);
    const idle = task.poll();
    const begun = Date.now();
    await task.stop();
    expect(await idle).toBeNull();
    expect(Date.now() - begun).toBeLessThan(500);
  });

  test('a committed position of the wrong type fails the task', async () => {
    writeFileSync(file, 'x\n');
    initializeSourceTask(task, [[{ filename: file }, { position: 'ten' }]]);
    await task.start({ file, topic: 'lines' });
    await expect(task.poll()).rejects.toThrow(new ConnectException('Offset position is the incorrect type'));
  });

  test('topic is required', async () => {
    initializeSourceTask(task);
    expect(() => task.start({ file })).toThrow('Missing required configuration "topic" which has no default value.');
  });
});

describe('FileStreamSourceConnector', () => {
  const connector = new FileStreamSourceConnector();

  test('Kafka\'s config definition and a single task whatever tasks.max is', () => {
    const keys = [...connector.config().configKeys().values()].map((k) => [k.name, k.type, k.defaultValue, k.importance]);
    expect(keys).toEqual([['file', 'STRING', null, 'HIGH'], ['topic', 'STRING', expect.anything(), 'HIGH'], ['batch.size', 'INT', 2000, 'LOW']]);
    connector.start({ file: '/x', topic: 't' });
    expect(connector.taskConfigs(5)).toEqual([{ file: '/x', topic: 't' }]);
  });

  test('validation reports an empty topic with Kafka\'s message', () => {
    const config = connector.config().validate({ topic: '' });
    expect(config.find((v) => v.name === 'topic')!.errorMessages).toEqual(['Invalid value  for configuration topic: String must be non-empty']);
  });

  test('exactly-once is supported for a file, not for stdin', () => {
    expect(connector.exactlyOnceSupport({ file: '/x', topic: 't' })).toBe('SUPPORTED');
    expect(connector.exactlyOnceSupport({ topic: 't' })).toBe('UNSUPPORTED');
    expect(connector.exactlyOnceSupport({ file: '', topic: 't' })).toBe('UNSUPPORTED');
  });

  test('alterOffsets checks offsets with Kafka\'s messages', () => {
    const config = { file: '/x', topic: 't' };
    const alter = (partition: Record<string, unknown>, offset: Record<string, unknown> | null) =>
      () => connector.alterOffsets(config, [{ partition, offset }]);
    expect(alter({ filename: '/x' }, { position: 10n })()).toBe(true);
    expect(alter({ filename: '/x' }, { position: 10 })()).toBe(true);
    expect(alter({ whatever: 1 }, null)()).toBe(true);
    expect(alter({ filename: '/x' }, { other: 1 })).toThrow("Offset objects should either be null or contain the key 'position'");
    expect(alter({ filename: '/x' }, { position: '10' })).toThrow("The value for the 'position' key in the offset is expected to be a Long value");
    expect(alter({ filename: '/x' }, { position: 1.5 })).toThrow("The value for the 'position' key in the offset is expected to be a Long value");
    expect(alter({ filename: '/x' }, { position: -1n })).toThrow("The value for the 'position' key in the offset should be a non-negative value");
    expect(alter({ file: '/x' }, { position: 1n })).toThrow("Partition objects should contain the key 'filename'");
    expect(() => connector.alterOffsets({ topic: 't' }, [])).toThrow(
      "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.");
  });
});
