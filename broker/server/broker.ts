// The bundled broker: its log manager, its listeners, and the per-API handlers behind them.
import { mkdirSync, accessSync, constants } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { BrokerConfig, type Listener } from '../config/broker-config.ts';
import { toLogConfig } from '../config/log-config-of.ts';
import { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import { ProducerIds } from '../coordinator/producer-ids.ts';
import { LogManager } from '../log/log-manager.ts';
import { startLogMaintenance, type LogMaintenance } from '../log/cleaner/log-maintenance.ts';
import { silentLogger } from '../../logging/logger.ts';
import { Connection } from './connection.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import type { BrokerContext } from './broker-context.ts';

export class Broker {
  readonly context: BrokerContext;
  readonly #servers: Server[];
  readonly #connections = new Set<Connection>();
  readonly #log: Logger;
  /** Retention and the log cleaner: started once listening, stopped before the logs close. */
  #maintenance: LogMaintenance | null = null;

  private constructor(context: BrokerContext, servers: Server[], log: Logger) {
    this.context = context;
    this.#servers = servers;
    this.#log = log;
  }

  static async start(options: { config: BrokerConfig; log?: Logger }): Promise<Broker> {
    const { config } = options;
    const log = options.log ?? silentLogger();
    for (const dir of config.logDirs) ensureUsableDir(dir);
    const logs = await LogManager.open({
      logDirs: config.logDirs, nodeId: config.nodeId, logger: log.child({ component: 'log' }),
      resolveConfig: (overrides) => toLogConfig(config.topicValues(overrides)),
      producerIdExpirationMs: config.int('producer.id.expiration.ms'),
    });
    const producerIds = await ProducerIds.open(config.logDirs[0]);
    // Groups are loaded before any listener accepts a connection: no request sees a half-loaded coordinator.
    const groups = await GroupCoordinator.open({ logs, settings: GroupCoordinator.settingsFrom(config), log: log.child({ component: 'groups' }) });
    const servers: Server[] = [];
    const bound: Listener[] = [];
    try {
      for (const listener of config.listeners) {
        const server = createServer();
        servers.push(server);
        bound.push({ ...listener, port: await listen(server, listener) });
      }
    } catch (err) {
      for (const s of servers) s.close();
      groups.close();
      await logs.close();
      throw err;
    }
    const advertised = (config.advertisedListeners ?? bound).map((l, i) => ({
      ...l, host: l.host || 'localhost', port: l.port || bound[i]?.port || bound[0].port,
    }));
    const context: BrokerContext = { config, logs, producerIds, groups, log, listeners: bound, advertised, nodeId: config.nodeId };
    const broker = new Broker(context, servers, log);
    broker.#maintenance = startLogMaintenance(() => logs.allLogs(), {
      retentionCheckIntervalMs: config.int('log.retention.check.interval.ms'), cleanerEnabled: config.bool('log.cleaner.enable'), cleanerBackoffMs: config.int('log.cleaner.backoff.ms'),
    }, log.child({ component: 'log-maintenance' }));
    const dispatch = createDispatcher(context);
    for (const server of servers) server.on('connection', (socket) => broker.#accept(socket, dispatch));
    log.info({ clusterId: logs.clusterId, nodeId: config.nodeId, listeners: bound.map(format), logDirs: config.logDirs },
      `Tributary broker ${logs.clusterId} listening on ${bound.map(format).join(', ')}`);
    return broker;
  }

  /** The first listener's bound port (port 0 in the config means a free port was picked). */
  get port(): number {
    return this.context.listeners[0].port;
  }

  /** Retention and the log cleaner, for on-demand runs (tests, tools). */
  get logMaintenance(): LogMaintenance | null {
    return this.#maintenance;
  }

  get bootstrap(): string {
    const l = this.context.advertised[0];
    return `${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`;
  }

  async close(): Promise<void> {
    // server.close() completes only once every connection is gone: stop accepting, close the
    // connections, then wait.
    const closed = this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const c of this.#connections) c.close('broker shutting down');
    await Promise.all(closed);
    this.context.groups.close();
    await this.#maintenance?.stop();
    // Closing the logs flushes and fsyncs them: a clean shutdown needs no recovery.
    await this.context.logs.close();
    this.#log.info('broker stopped');
  }

  #accept(socket: Socket, dispatch: Dispatcher): void {
    const log = this.#log.child({ remote: `${socket.remoteAddress}:${socket.remotePort}` });
    const clientHost = `/${socket.remoteAddress ?? ''}`;
    const connection = new Connection(socket, (frame) => dispatch(frame, clientHost), {
      maxRequestBytes: this.context.config.int('socket.request.max.bytes'),
      idleMs: this.context.config.int('connections.max.idle.ms'),
      log,
    });
    this.#connections.add(connection);
    socket.on('close', () => this.#connections.delete(connection));
  }
}

/** Starts a broker from setting overrides (tests, `npm start`). */
export function startBroker(settings: Record<string, string>, log?: Logger): Promise<Broker> {
  return Broker.start({ config: new BrokerConfig(settings), log });
}

function format(l: Listener): string {
  return `${l.name}://${l.host.includes(':') ? `[${l.host}]` : l.host || '0.0.0.0'}:${l.port}`;
}

function listen(server: Server, listener: Listener): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`Port ${listener.port} is already in use (listener ${format(listener)}). ` +
          `Stop the process using it, or pick another port, e.g. --override listeners=PLAINTEXT://:${listener.port + 1}`));
      } else {
        reject(new Error(`Cannot listen on ${format(listener)}: ${err.message}`));
      }
    });
    server.listen({ port: listener.port, host: listener.host || undefined }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : listener.port);
    });
  });
}

function ensureUsableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new Error(`The data directory ${dir} is not usable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
      'Check that it is a writable directory, or point log.dirs somewhere else, e.g. --override log.dirs=./data/broker', { cause: err });
  }
}
