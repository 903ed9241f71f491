// GET / (version, commit, Kafka cluster id) and GET /health: Kafka's RootResource.
import { Router } from 'express';
import { ClusterUnavailableError } from '../herder/herder-errors.ts';
import type { Herder } from '../herder/herder.ts';

export const HEALTHY = { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' };
export const STARTING = { status: 'starting', message: 'Worker is still starting up.' };

export function rootRoutes(herder: () => Herder | undefined, healthTimeoutMs: number): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const h = herder();
    if (h === undefined) return void res.status(503).json(STARTING);
    res.json(h.serverInfo());
  });

  router.get('/health', async (_req, res) => {
    const h = herder();
    if (h === undefined) return void res.status(503).json(STARTING);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), healthTimeoutMs); });
    try {
      const result = await Promise.race([h.healthCheck().then(() => 'ok' as const), timedOut]);
      if (result === 'ok') return void res.json(HEALTHY);
      res.status(500).json({ status: 'unhealthy', message: 'Worker was unable to handle this request and may be unable to handle other requests.' });
    } catch (error) {
      // Started, but the Kafka cluster cannot be reached: unhealthy (500) as in Kafka, saying why.
      if (error instanceof ClusterUnavailableError) return void res.status(500).json({ status: 'unhealthy', message: error.message });
      res.status(503).json(STARTING);
    } finally {
      clearTimeout(timer);
    }
  });

  return router;
}
