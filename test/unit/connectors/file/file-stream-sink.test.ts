import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaBuilder, SinkRecord, STRING_SCHEMA, Struct, type SinkTaskContext, type TopicPartitionOffset } from '../../../../runtime/api/index.ts';
import { FileStreamSinkConnector, FileStreamSinkTask } from '../../../../connectors/file/index.ts';

let dir: string;
let file: string;
let task: FileStreamSinkTask;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-file-sink-'));
  file = join(dir, 'out.txt');
  task = new FileStreamSinkTask();
  task.initialize({} as SinkTaskContext);
  await task.start({ file });
});
afterEach(async () => {
  await task.stop();
  rmSync(dir, { recursive: true, force: true });
});

const record = (offset: number, value: unknown, valueSchema = STRING_SCHEMA): SinkRecord =>
  new SinkRecord({ topic: 'in', kafkaPartition: 0, kafkaOffset: offset, valueSchema, value });
const offsets: TopicPartitionOffset[] = [{ topic: 'in', partition: 0, offset: 3 }];
const written = (): string => readFileSync(file, 'utf8');

describe('FileStreamSinkTask', () => {
  test('put() only buffers; flush() appends each value\'s string form and a newline', async () => {
    const schema = SchemaBuilder.struct().field('id', STRING_SCHEMA).build();
    await task.put([record(0, 'hello'), record(1, null), record(2, new Struct(schema).put('id', 'x'), schema)]);
    expect(written()).toBe('');
    await task.flush(offsets);
    expect(written()).toBe(`hello\nnull\n${new Struct(schema).put('id', 'x').toString()}\n`);
  });

  test('preCommit returns the offsets only after the data is in the file', async () => {
    await task.put([record(0, 'a'), record(1, 'b')]);
    expect(written()).toBe('');
    expect(await task.preCommit(offsets)).toEqual(offsets);
    expect(written()).toBe('a\nb\n');
  });

  test('appends to an existing file and creates a missing one', async () => {
    await task.stop();
    writeFileSync(file, 'before\n');
    task = new FileStreamSinkTask();
    await task.start({ file });
    await task.put([record(0, 'after')]);
    await task.flush(offsets);
    expect(written()).toBe('before\nafter\n');
    const other = new FileStreamSinkTask();
    await other.start({ file: join(dir, 'new.txt') });
    expect(existsSync(join(dir, 'new.txt'))).toBe(true);
    await other.stop();
  });

  test('a file left ending mid-line (a worker killed while writing) gets a newline before the next lines', async () => {
    await task.stop();
    writeFileSync(file, 'whole line\ncut sho');
    task = new FileStreamSinkTask();
    await task.start({ file });
    await task.put([record(0, 'cut short, again')]);
    await task.flush(offsets);
    expect(written()).toBe('whole line\ncut sho\ncut short, again\n');
  });

  test('lines put but not flushed are not written by stop (their offsets were never committed)', async () => {
    await task.put([record(0, 'unflushed')]);
    await task.stop();
    expect(written()).toBe('');
  });

  test('a file that cannot be created fails start with Kafka\'s message', async () => {
    const bad = new FileStreamSinkTask();
    await expect(bad.start({ file: join(dir, 'missing-dir', 'x.txt') }))
      .rejects.toThrow(`Couldn't find or create file '${join(dir, 'missing-dir', 'x.txt')}' for FileStreamSinkTask`);
  });
});

describe('FileStreamSinkConnector', () => {
  test('tasks.max task configs carrying only the file; offsets may always be altered', () => {
    const connector = new FileStreamSinkConnector();
    connector.start({ file: '/out', topics: 't' });
    expect(connector.taskConfigs(3)).toEqual([{ file: '/out' }, { file: '/out' }, { file: '/out' }]);
    connector.start({ topics: 't' });
    expect(connector.taskConfigs(1)).toEqual([{}]);
    expect(connector.config().names()).toEqual(['file']);
    expect(connector.alterOffsets({}, [{ topicPartition: { topic: 't', partition: 0 }, offset: 5 }])).toBe(true);
  });
});
