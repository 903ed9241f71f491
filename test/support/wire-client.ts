// A minimal Kafka wire client for tests: sends requests encoded with our generated codecs and
// reads responses, so tests can assert on exactly what the broker puts on the wire.
import { connect, type Socket } from 'node:net';
import { requestHeaderVersion, responseHeaderVersion } from '../../broker/protocol/generated/api-keys.ts';
import { encodeRequestHeader } from '../../broker/protocol/generated/request-header.ts';
import { decodeResponseHeader } from '../../broker/protocol/generated/response-header.ts';
import { Reader } from '../../broker/protocol/reader.ts';
import { Writer } from '../../broker/protocol/writer.ts';

type Encode<T> = (w: Writer, version: number, message: T) => void;
type Decode<T> = (r: Reader, version: number) => T;

export class WireClient {
  readonly socket: Socket;
  #buffer = Buffer.alloc(0);
  #waiting: { correlationId: number; resolve: (frame: Buffer) => void; reject: (err: Error) => void }[] = [];
  #nextCorrelationId = 1;
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk) => this.#onData(chunk));
    this.closed = new Promise((resolve) => socket.on('close', () => {
      for (const w of this.#waiting) w.reject(new Error('connection closed by the broker'));
      this.#waiting = [];
      resolve();
    }));
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one request and decodes its response. */
  async call<Req, Res>(apiKey: number, version: number, encode: Encode<Req>, decode: Decode<Res>, request: Req): Promise<Res> {
    const frame = await this.send(apiKey, version, encode, request);
    const r = new Reader(frame);
    decodeResponseHeader(r, responseHeaderVersion(apiKey, version));
    return decode(r, version);
  }

  /** Sends one request and returns the raw response frame (without its size prefix). */
  send<Req>(apiKey: number, version: number, encode: Encode<Req>, request: Req, clientId = 'wire-test'): Promise<Buffer> {
    if (this.socket.destroyed) return Promise.reject(new Error('connection closed by the broker'));
    const correlationId = this.#nextCorrelationId++;
    const w = new Writer();
    encodeRequestHeader(w, requestHeaderVersion(apiKey, version), { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId });
    encode(w, version, request);
    const body = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    this.socket.write(Buffer.concat([size, body]));
    return new Promise((resolve, reject) => this.#waiting.push({ correlationId, resolve, reject }));
  }

  /** Writes bytes as they are: for malformed-frame tests. */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 4) {
      const size = this.#buffer.readInt32BE(0);
      if (this.#buffer.length < 4 + size) return;
      const frame = this.#buffer.subarray(4, 4 + size);
      this.#buffer = this.#buffer.subarray(4 + size);
      const waiter = this.#waiting.shift();
      if (!waiter) throw new Error('response without a request');
      const correlationId = frame.readInt32BE(0);
      if (correlationId !== waiter.correlationId) {
        waiter.reject(new Error(`expected correlation id ${waiter.correlationId}, got ${correlationId}`));
      } else {
        waiter.resolve(frame);
      }
    }
  }
}
