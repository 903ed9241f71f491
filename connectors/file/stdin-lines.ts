import { LineSplitter } from './line-splitter.ts';

/** Lines from a readable stream (standard input), without positions: stdin cannot be resumed. */
export class StdinLines {
  readonly #stream: NodeJS.ReadableStream;
  readonly #lines = new LineSplitter(null);
  #waiting: (() => void) | null = null;
  readonly #onData = (chunk: Buffer | string): void => {
    this.#lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    this.#waiting?.();
  };

  constructor(stream: NodeJS.ReadableStream) {
    this.#stream = stream;
    stream.on('data', this.#onData);
  }

  /** Up to `max` complete lines; waits at most `waitMs` for the first one. */
  async lines(max: number, waitMs: number): Promise<Array<{ line: string; position: null }>> {
    let out = this.#drain(max);
    if (out.length > 0) return out;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#waiting = done;
    });
    this.#waiting = null;
    out = this.#drain(max);
    return out;
  }

  close(): void {
    this.#stream.removeListener('data', this.#onData);
    this.#stream.pause();
    this.#waiting?.();
  }

  #drain(max: number): Array<{ line: string; position: null }> {
    const out: Array<{ line: string; position: null }> = [];
    while (out.length < max) {
      const next = this.#lines.next();
      if (next === null) break;
      out.push({ line: next.line, position: null });
    }
    return out;
  }
}
