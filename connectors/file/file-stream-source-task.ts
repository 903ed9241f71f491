import { open, type FileHandle } from 'node:fs/promises';
import { ConnectException, SourceRecord, SourceTask, STRING_SCHEMA } from '../../runtime/api/index.ts';
import { RUNTIME_VERSION } from '../../runtime/plugins/runtime-version.ts';
import {
  configuredFile, FILENAME_FIELD, POSITION_FIELD, positionOf, SOURCE_CONFIG_DEF, TASK_BATCH_SIZE_CONFIG, TOPIC_CONFIG,
} from './file-stream-config.ts';
import { LineSplitter } from './line-splitter.ts';
import { StdinLines } from './stdin-lines.ts';

/** How long poll() waits for a missing file to appear or for new data, as Kafka's task (1 s). */
const IDLE_WAIT_MS = 1000;
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Reads lines from a file (or standard input) as Kafka's FileStreamSourceTask: one STRING record per
 * line, source partition `{filename}` and offset `{position}` = the byte position after the line,
 * so a restarted task resumes right after the last committed line. The file may keep growing;
 * a missing file is waited for.
 */
export class FileStreamSourceTask extends SourceTask {
  #filename: string | null = null;
  #topic = '';
  #batchSize = 0;
  #file: FileHandle | null = null;
  #lines: LineSplitter | null = null;
  #stdin: StdinLines | null = null;
  #stopped = false;
  #wake: (() => void) | null = null;

  version(): string {
    return RUNTIME_VERSION;
  }

  start(props: Record<string, string>): void {
    const config = SOURCE_CONFIG_DEF.parse(props);
    this.#filename = configuredFile(props, SOURCE_CONFIG_DEF);
    this.#topic = config[TOPIC_CONFIG] as string;
    this.#batchSize = config[TASK_BATCH_SIZE_CONFIG] as number;
    this.#stopped = false;
    if (this.#filename === null) this.#stdin = new StdinLines(process.stdin);
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#stopped) return null;
    if (this.#stdin !== null) return this.#records(await this.#stdin.lines(this.#batchSize, IDLE_WAIT_MS));
    if (this.#file === null && !(await this.#open())) {
      await this.#idle();
      return null;
    }
    const lines: Array<{ line: string; position: number | null }> = [];
    this.#take(lines);
    while (lines.length < this.#batchSize && !this.#stopped) {
      const read = await this.#readMore();
      if (read === 0) break;
      this.#take(lines);
    }
    if (lines.length === 0) {
      await this.#idle();
      return null;
    }
    return this.#records(lines);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    this.#stdin?.close();
    const file = this.#file;
    this.#file = null;
    await file?.close();
  }

  #records(lines: ReadonlyArray<{ line: string; position: number | null }>): SourceRecord[] | null {
    if (lines.length === 0) return null;
    const now = Date.now();
    const sourcePartition = this.#filename === null ? null : { [FILENAME_FIELD]: this.#filename };
    return lines.map(({ line, position }) => new SourceRecord({
      sourcePartition,
      sourceOffset: position === null ? null : { [POSITION_FIELD]: position },
      topic: this.#topic, kafkaPartition: null, valueSchema: STRING_SCHEMA, value: line, timestamp: now,
    }));
  }

  #take(into: Array<{ line: string; position: number | null }>): void {
    while (into.length < this.#batchSize) {
      const next = this.#lines!.next();
      if (next === null) return;
      into.push(next);
    }
  }

  /** Opens the file at the committed position; false when it does not exist (yet). */
  async #open(): Promise<boolean> {
    try {
      this.#file = await open(this.#filename!, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new ConnectException(`Error while trying to open file ${this.#filename}: ${(e as Error).message}`, { cause: e });
    }
    const committed = await this.context.offsetStorageReader().offset({ [FILENAME_FIELD]: this.#filename });
    const position = positionOf(committed?.[POSITION_FIELD]);
    if (position === 'invalid') throw new ConnectException('Offset position is the incorrect type');
    this.#lines = new LineSplitter(position ?? 0);
    return true;
  }

  /** Reads the next chunk after what was already read; 0 at the current end of the file. */
  async #readMore(): Promise<number> {
    const file = this.#file;
    if (file === null) return 0;
    const from = this.#lines!.position! + this.#lines!.pendingBytes;
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await file.read(buffer, 0, READ_CHUNK_BYTES, from);
    if (bytesRead > 0) this.#lines!.push(buffer.subarray(0, bytesRead));
    return bytesRead;
  }

  /** Waits like Kafka's task when there is nothing to read, but returns at once on stop(). */
  async #idle(): Promise<void> {
    if (this.#stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, IDLE_WAIT_MS);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = null;
  }
}
