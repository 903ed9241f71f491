import { open, type FileHandle } from 'node:fs/promises';
import { ConnectException, formatValue, SinkTask, type SinkRecord, type TopicPartitionOffset } from '../../runtime/api/index.ts';
import { RUNTIME_VERSION } from '../../runtime/plugins/runtime-version.ts';
import { configuredFile, SINK_CONFIG_DEF } from './file-stream-config.ts';

/** Buffered output is written early past this size; it is made durable only by flush(). */
const WRITE_THROUGH_BYTES = 1024 * 1024;

/**
 * Kafka's FileStreamSinkTask: appends each record value's string form and a newline to a file (or
 * standard output). Lines are buffered by put() and written and fsync'd by flush(); the default
 * preCommit calls flush before returning offsets, so an offset is committed only after the lines
 * it covers are on disk.
 */
export class FileStreamSinkTask extends SinkTask {
  #filename: string | null = null;
  #file: FileHandle | null = null;
  #buffer: string[] = [];
  #bufferedBytes = 0;

  version(): string {
    return RUNTIME_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.#filename = configuredFile(props, SINK_CONFIG_DEF);
    if (this.#filename === null) return;
    try {
      this.#file = await open(this.#filename, 'a+');
    } catch (e) {
      throw new ConnectException(`Couldn't find or create file '${this.#filename}' for FileStreamSinkTask`, { cause: e });
    }
    await this.#endLastLine(this.#file);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    for (const record of records) {
      // Java's println(Object): String.valueOf(value), so a null value prints as "null".
      const line = formatValue(record.value) + '\n';
      this.#buffer.push(line);
      this.#bufferedBytes += line.length;
    }
    if (this.#bufferedBytes >= WRITE_THROUGH_BYTES) await this.#write();
  }

  override async flush(_offsets: readonly TopicPartitionOffset[]): Promise<void> {
    await this.#write();
    await this.#file?.datasync();
  }

  async stop(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    // Unflushed lines are dropped on purpose: their offsets were not committed, so they come again.
    this.#buffer = [];
    this.#bufferedBytes = 0;
    await file?.close();
  }

  /**
   * A worker killed while writing can leave a line cut short (its records were not flushed, so
   * they come again): the next lines must not be glued to it. A file that does not end with a
   * newline gets one first.
   */
  async #endLastLine(file: FileHandle): Promise<void> {
    const { size } = await file.stat();
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) await file.appendFile('\n');
  }

  async #write(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const text = this.#buffer.join('');
    this.#buffer = [];
    this.#bufferedBytes = 0;
    if (this.#file === null) {
      await new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
    } else {
      await this.#file.appendFile(text, 'utf8');
    }
  }
}
