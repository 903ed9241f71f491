// /admin/loggers: Kafka's LoggingResource (levels are log4j names: TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF).
import { Router } from 'express';
import type { Herder } from '../herder/herder.ts';
import { log4jLevel } from '../herder/logger-levels.ts';
import { RestError } from './rest-errors.ts';
import { objectBody } from './request-body.ts';

export function loggersRoutes(herder: () => Herder): Router {
  const router = Router();

  router.get('/', (_req, res) => void res.json(herder().allLoggerLevels()));

  router.get('/:logger', (req, res) => {
    const name = String(req.params.logger);
    const level = herder().loggerLevel(name);
    if (level === null) throw new RestError(404, `Logger ${name} not found.`);
    res.json(level);
  });

  router.put('/:logger', async (req, res) => {
    const namespace = String(req.params.logger);
    const body = objectBody(req, 'logger level');
    const level = body.level;
    if (level === undefined || level === null) throw new RestError(400, "Desired 'level' parameter was not specified in request.");
    // Kafka answers an unknown level with 404, not 400.
    if (log4jLevel(String(level)) === null) throw new RestError(404, `invalid log level '${String(level)}'.`);
    const scope = typeof req.query.scope === 'string' ? req.query.scope.toLowerCase() : 'worker';
    if (scope === 'cluster') {
      await herder().setClusterLoggerLevel(namespace, String(level));
      return void res.status(204).end();
    }
    // Any other scope falls back to this worker, as Kafka does.
    res.json(herder().setWorkerLoggerLevel(namespace, String(level)));
  });

  return router;
}
