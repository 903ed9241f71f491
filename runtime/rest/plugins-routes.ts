// /connector-plugins: Kafka's ConnectorPluginsResource.
import { Router } from 'express';
import type { Herder } from '../herder/herder.ts';
import { RestError } from './rest-errors.ts';
import { booleanParam, objectBody, stringMap } from './request-body.ts';

const ALIAS_SUFFIX = 'Connector';

/** `FileStreamSourceConnector` and `FileStreamSource` name the same plugin when compared. */
function normalizedPluginName(name: string): string {
  return name.endsWith(ALIAS_SUFFIX) && name.length > ALIAS_SUFFIX.length ? name.slice(0, -ALIAS_SUFFIX.length) : name;
}

export function pluginsRoutes(herder: () => Herder): Router {
  const router = Router();

  router.get('/', (req, res) => {
    res.json(herder().plugins(booleanParam(req.query.connectorsOnly, true)));
  });

  router.get('/:plugin/config', async (req, res) => {
    res.json(await herder().connectorPluginConfig(String(req.params.plugin)));
  });

  router.put('/:plugin/config/validate', async (req, res) => {
    const plugin = String(req.params.plugin);
    const config = stringMap(objectBody(req, 'connector config'), 'Connector config');
    const included = config['connector.class'];
    if (included !== undefined && included !== null && !normalizedPluginName(included).endsWith(normalizedPluginName(plugin))) {
      throw new RestError(400, `Included connector type ${included} does not match request type ${plugin}`);
    }
    res.json(await herder().validateConnectorConfig(config as Record<string, string>));
  });

  return router;
}
