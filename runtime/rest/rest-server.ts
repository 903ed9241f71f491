// The Connect REST API server (express): binds the listeners first, then serves a herder once
// one is attached (the herder needs the advertised URL as its worker id, as in Kafka).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Herder } from '../herder/herder.ts';
import { connectorsRoutes } from './connectors-routes.ts';
import { corsMiddleware } from './cors.ts';
import type { RequestForwarder } from './forwarding.ts';
import { loggersRoutes } from './loggers-routes.ts';
import { pluginsRoutes } from './plugins-routes.ts';
import { advertisedUrl, type RestConfig } from './rest-config.ts';
import { METHOD_NOT_ALLOWED, NOT_FOUND_PATH, RestError, errorResponse } from './rest-errors.ts';
import { rootRoutes } from './root-routes.ts';

export interface RestServerOptions {
  config: RestConfig;
  logger: Logger;
  /** Relays writes a follower cannot perform to the leader (distributed mode). */
  forwarder?: RequestForwarder;
  /** How long GET /health waits for the herder (Kafka: 10 s). */
  healthCheckTimeoutMs?: number;
}

const MAX_BODY = '10mb';

export class RestServer {
  readonly #options: RestServerOptions;
  readonly #servers: Server[] = [];
  #herder: Herder | undefined;

  constructor(options: RestServerOptions) {
    this.#options = options;
  }

  /** Binds every listener; requests other than GET / and /health get 503 until attach(). */
  async start(): Promise<void> {
    const app = this.#app();
    for (const listener of this.#options.config.listeners) {
      const server = createServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
        server.listen({ port: listener.port, ...(listener.host === '' ? {} : { host: listener.host }) });
      });
      this.#servers.push(server);
      this.#options.logger.info({ listener: `${listener.protocol}://${listener.host}:${this.#portOf(server)}` }, 'REST server listening');
    }
  }

  attach(herder: Herder): void {
    this.#herder = herder;
  }

  /** Bound ports, in listener order (port 0 listeners get theirs here). */
  ports(): number[] {
    return this.#servers.map((s) => this.#portOf(s));
  }

  advertisedUrl(): URL {
    return advertisedUrl(this.#options.config, this.ports());
  }

  async stop(): Promise<void> {
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    })));
    this.#servers.length = 0;
  }

  #portOf(server: Server): number {
    return (server.address() as AddressInfo).port;
  }

  #app(): express.Express {
    const { config, logger } = this.#options;
    const herder = (): Herder => {
      if (this.#herder === undefined) throw new RestError(503, 'Worker is still starting up.');
      return this.#herder;
    };
    const app = express();
    app.disable('x-powered-by');
    app.set('json spaces', 0);
    app.use(express.raw({ type: () => true, limit: MAX_BODY }));
    if (config.allowOrigin.trim() !== '') app.use(corsMiddleware(config.allowOrigin, config.allowMethods));
    app.use('/connectors', connectorsRoutes({
      herder, forwarder: this.#options.forwarder,
      topicTrackingEnabled: config.topicTrackingEnabled, topicTrackingResetEnabled: config.topicTrackingResetEnabled,
    }));
    app.use('/connector-plugins', pluginsRoutes(herder));
    app.use('/admin/loggers', loggersRoutes(herder));
    app.use('/', rootRoutes(() => this.#herder, this.#options.healthCheckTimeoutMs ?? 10_000));
    app.use((req: Request, _res: Response, next: NextFunction) => next(knownPath(req.path) ? METHOD_NOT_ALLOWED : NOT_FOUND_PATH));
    app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      const parsed = bodyParserError(err);
      const { status, body, unexpected } = errorResponse(parsed ?? err);
      if (unexpected) logger.error({ err, method: req.method, path: req.path }, 'Uncaught exception in REST call');
      else logger.debug({ err, method: req.method, path: req.path, status }, 'REST call failed');
      res.status(status).json(body);
    });
    return app;
  }
}

/** Express's body parser reports an oversized body with a status of its own. */
function bodyParserError(err: unknown): RestError | null {
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') return new RestError(413, e.message ?? 'request entity too large');
  return null;
}

const KNOWN_PATHS = [
  /^\/$/, /^\/health$/, /^\/connectors\/?$/, /^\/connectors\/[^/]+$/,
  /^\/connectors\/[^/]+\/(config|tasks-config|status|topics|topics\/reset|restart|stop|pause|resume|tasks|offsets)$/,
  /^\/connectors\/[^/]+\/tasks\/[^/]+\/(status|restart)$/, /^\/connector-plugins\/?$/, /^\/connector-plugins\/[^/]+\/config(\/validate)?$/,
  /^\/admin\/loggers(\/[^/]+)?\/?$/,
];

function knownPath(path: string): boolean {
  return KNOWN_PATHS.some((p) => p.test(path));
}
