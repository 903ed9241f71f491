// A loopback TCP proxy between Kafka clients and the broker, for fault-injection tests. It
// forwards bytes both ways and reads the client's request framing (int32 size, then int16 API
// key) so it can cut a connection at the worst moment for a producer: right after a Produce
// request reached the broker, before its response can get back. The producer then cannot know
// whether its batch was written and must retry it — the case idempotence exists for.
//
// Start the proxy first (port 0), start the broker advertising the proxy's port, then point the
// proxy at the broker with setTarget(): Metadata then sends clients back through the proxy.
import { connect, createServer, type Server, type Socket } from 'node:net';

const PRODUCE_API_KEY = 0;
/** How long an upstream connection waits for the response nobody will read (acks=0 sends none). */
const UPSTREAM_LINGER_MS = 5_000;

export type ProxyStats = {
  connections: number;
  produceRequests: number;
  /** Connections cut after forwarding a Produce request, before its response. */
  droppedAfterProduce: number;
  /** Connections closed by dropAllConnections(). */
  droppedByCommand: number;
};

export type TcpProxyOptions = {
  /** Called for every Produce request, numbered from 1, before it is forwarded: may arm a drop. */
  onProduceRequest?: (ordinal: number, proxy: TcpProxy) => void;
};

type Pair = { client: Socket; upstream: Socket; pending: Buffer; cut: boolean };

export class TcpProxy {
  readonly stats: ProxyStats = { connections: 0, produceRequests: 0, droppedAfterProduce: 0, droppedByCommand: 0 };
  private readonly server: Server;
  private readonly options: TcpProxyOptions;
  private readonly pairs = new Set<Pair>();
  private target: { host: string; port: number } | null = null;
  private armedDrops = 0;

  private constructor(server: Server, options: TcpProxyOptions) {
    this.server = server;
    this.options = options;
  }

  static async start(options: TcpProxyOptions = {}): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, options);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not listening');
    return address.port;
  }

  setTarget(port: number, host = '127.0.0.1'): void {
    this.target = { host, port };
  }

  /** The next `count` Produce requests are forwarded, then their connection is cut before the response. */
  dropAfterNextProduce(count = 1): void {
    this.armedDrops += count;
  }

  /** Closes every open connection, both ends, at once. */
  dropAllConnections(): void {
    for (const pair of this.pairs) {
      if (!pair.cut) this.stats.droppedByCommand++;
      this.closePair(pair);
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.closePair(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.target === null) {
      client.destroy();
      return;
    }
    this.stats.connections++;
    const upstream = connect(this.target);
    const pair: Pair = { client, upstream, pending: Buffer.alloc(0), cut: false };
    this.pairs.add(pair);
    client.on('data', (chunk: Buffer) => this.fromClient(pair, chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (pair.cut) upstream.destroy(); // the response to the cut request: it must never arrive
      else client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.closePair(pair));
      socket.on('close', () => { if (!pair.cut) this.closePair(pair); });
    }
  }

  /** Forwards whole request frames, looking at each one's API key. */
  private fromClient(pair: Pair, chunk: Buffer): void {
    if (pair.cut) return;
    pair.pending = pair.pending.length === 0 ? chunk : Buffer.concat([pair.pending, chunk]);
    while (pair.pending.length >= 6) {
      const size = pair.pending.readInt32BE(0);
      if (pair.pending.length < 4 + size) return;
      const frame = pair.pending.subarray(0, 4 + size);
      pair.pending = pair.pending.subarray(4 + size);
      if (frame.readInt16BE(4) !== PRODUCE_API_KEY) {
        pair.upstream.write(frame);
        continue;
      }
      this.stats.produceRequests++;
      this.options.onProduceRequest?.(this.stats.produceRequests, this);
      if (this.armedDrops === 0) {
        pair.upstream.write(frame);
        continue;
      }
      this.armedDrops--;
      this.cutAfter(pair, frame);
      return;
    }
  }

  /** Sends `frame` to the broker, then closes the client side: the broker answers into the void. */
  private cutAfter(pair: Pair, frame: Buffer): void {
    pair.cut = true;
    pair.client.pause();
    pair.upstream.write(frame, () => {
      this.stats.droppedAfterProduce++;
      pair.client.destroy();
      setTimeout(() => this.closePair(pair), UPSTREAM_LINGER_MS).unref();
    });
  }

  private closePair(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.cut = true;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
