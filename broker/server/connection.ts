// One client connection: splits the byte stream into size-prefixed frames, hands each frame to
// the dispatcher, and writes the responses back in request order.
//
// Requests are handled as they arrive (pipelined), but responses leave strictly in the order the
// requests came in, as Kafka guarantees. Handlers do their order-sensitive work (a produce's offset
// assignment) synchronously before their first await, so pipelined produces stay in order.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

export type FrameHandler = (frame: Buffer) => Promise<Buffer[] | null>;

/** Thrown by a frame handler when the only answer Kafka gives is closing the connection. */
export class CloseConnection extends Error {}

export class Connection {
  readonly #socket: Socket;
  readonly #handle: FrameHandler;
  readonly #maxRequestBytes: number;
  readonly #log: Logger;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(socket: Socket, handle: FrameHandler, options: { maxRequestBytes: number; idleMs: number; log: Logger }) {
    this.#socket = socket;
    this.#handle = handle;
    this.#maxRequestBytes = options.maxRequestBytes;
    this.#log = options.log;
    socket.setNoDelay(true);
    if (Number.isFinite(options.idleMs) && options.idleMs > 0) {
      socket.setTimeout(options.idleMs, () => this.close('idle for connections.max.idle.ms'));
    }
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', (err) => this.#log.debug({ err }, 'connection error'));
    socket.on('close', () => { this.#closed = true; });
  }

  close(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#log.debug({ reason }, 'closing connection');
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    while (!this.#closed && this.#pendingBytes >= 4) {
      const head = this.#pending[0].length >= 4 ? this.#pending[0] : this.#coalesce();
      const size = head.readInt32BE(0);
      if (size < 0 || size > this.#maxRequestBytes) {
        this.#log.warn({ size, max: this.#maxRequestBytes, remote: this.#socket.remoteAddress },
          'request size is invalid or larger than socket.request.max.bytes; closing the connection');
        this.close('invalid request size');
        return;
      }
      if (this.#pendingBytes < 4 + size) return;
      const all = this.#coalesce();
      const frame = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.#pending = rest.length > 0 ? [rest] : [];
      this.#pendingBytes = rest.length;
      this.#dispatch(frame);
    }
  }

  #coalesce(): Buffer {
    if (this.#pending.length > 1) this.#pending = [Buffer.concat(this.#pending, this.#pendingBytes)];
    return this.#pending[0];
  }

  #dispatch(frame: Buffer): void {
    const response = this.#handle(frame);
    // Responses are chained so that they are written in request order.
    this.#tail = this.#tail.then(async () => {
      let chunks: Buffer[] | null;
      try {
        chunks = await response;
      } catch (err) {
        if (!(err instanceof CloseConnection)) this.#log.error({ err }, 'unexpected error while handling a request');
        else this.#log.warn({ reason: err.message, remote: this.#socket.remoteAddress }, 'closing connection');
        this.close('request failed');
        return;
      }
      if (chunks === null || this.#closed) return;
      this.#write(chunks);
    });
  }

  #write(chunks: Buffer[]): void {
    let size = 0;
    for (const c of chunks) size += c.length;
    const prefix = Buffer.allocUnsafe(4);
    prefix.writeInt32BE(size, 0);
    this.#socket.cork();
    this.#socket.write(prefix);
    let flowing = true;
    for (const c of chunks) flowing = this.#socket.write(c);
    this.#socket.uncork();
    // A client that does not read its responses stops being read from (Kafka mutes it likewise).
    if (!flowing) {
      this.#socket.pause();
      this.#socket.once('drain', () => this.#socket.resume());
    }
  }
}
