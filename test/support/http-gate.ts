// An HTTP reverse proxy in front of one REST server that can refuse chosen requests: lets a test
// make a worker's peer see failures from it (a leader refusing internal calls) and then recover.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class HttpGate {
  /** How many requests were refused so far. */
  refused = 0;
  #refusal: { matches: RegExp; status: number } | null = null;
  readonly #server: Server;

  readonly #targetPort: number;

  private constructor(targetPort: number) {
    this.#targetPort = targetPort;
    this.#server = createServer((req, res) => this.#pass(req, res));
  }

  static async start(targetPort: number): Promise<HttpGate> {
    const gate = new HttpGate(targetPort);
    await new Promise<void>((resolve) => gate.#server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  #pass(req: IncomingMessage, res: ServerResponse): void {
    if (this.#refusal !== null && this.#refusal.matches.test(`${req.method} ${req.url}`)) {
      this.refused++;
      res.writeHead(this.#refusal.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: this.#refusal.status, message: 'refused by the test gate' }));
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: this.#targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  }

  /** A port free at the time of asking, for a server the gate is to front. */
  static async freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Answers `status` to every request whose "METHOD /path?query" matches, until `admit()`. */
  refuse(matches: RegExp, status: number): void {
    this.#refusal = { matches, status };
  }

  admit(): void {
    this.#refusal = null;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
