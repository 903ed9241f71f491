// /connectors: Kafka's ConnectorsResource, path for path, status for status.
import { Router, type Request, type Response } from 'express';
import type { Herder } from '../herder/herder.ts';
import { INITIAL_TO_TARGET, type ConnectorOffset, type InitialState, type TargetState } from '../herder/herder-entities.ts';
import { completeOrForward, type HerderCall, type RequestForwarder } from './forwarding.ts';
import { signatureOf } from './internal-signature.ts';
import { RestError } from './rest-errors.ts';
import { booleanParam, jsonBody, objectBody, rejectUnknownFields, stringMap } from './request-body.ts';
import { taskParam } from './task-param.ts';

export interface ConnectorsRouteOptions {
  herder: () => Herder;
  forwarder?: RequestForwarder;
  topicTrackingEnabled: boolean;
  topicTrackingResetEnabled: boolean;
}

const NAME = 'name';

export function connectorsRoutes(options: ConnectorsRouteOptions): Router {
  const router = Router();
  const herder = options.herder;
  /** Answers with the local result (via `respond`) or relays the leader's answer. */
  async function write<T>(req: Request, res: Response, call: HerderCall<T>, respond: (value: T) => void): Promise<void> {
    const outcome = await completeOrForward(req, options.forwarder, call);
    if (outcome.local) respond(outcome.value);
    else res.status(outcome.response.status).json(outcome.response.body);
  }
  const connector = (req: Request): string => String(req.params.connector);

  router.get('/', async (req, res) => {
    const names = await herder().connectors();
    if (req.query.expand === undefined) return void res.json(names);
    const expansions = ([] as unknown[]).concat(req.query.expand).map(String);
    const out: Record<string, Record<string, unknown>> = {};
    for (const name of names) {
      try {
        const entry: Record<string, unknown> = {};
        for (const expansion of expansions) {
          if (expansion === 'status') entry.status = await herder().connectorStatus(name);
          else if (expansion === 'info') entry.info = await herder().connectorInfo(name);
        }
        out[name] = entry;
      } catch {
        // Deleted while we looked it up: left out, as Kafka does.
      }
    }
    res.json(out);
  });

  router.post('/', async (req, res) => {
    const body = objectBody(req, 'CreateConnectorRequest');
    rejectUnknownFields(body, 'CreateConnectorRequest', ['name', 'config', 'initial_state']);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const config = stringMap(body.config, 'Connector config');
    checkAndPutName(name, config);
    const initialState = initialStateOf(body.initial_state);
    await write(req, res, {
      path: '/connectors', body,
      run: () => herder().putConnectorConfig(name, config as Record<string, string>, { allowReplace: false, initialState }),
    }, (created) => res.status(201).location(locationOf(req, name)).json(created.result));
  });

  router.get('/:connector', async (req, res) => void res.json(await herder().connectorInfo(connector(req))));
  router.get('/:connector/config', async (req, res) => void res.json(await herder().connectorConfig(connector(req))));
  router.get('/:connector/tasks-config', async (req, res) => void res.json(await herder().tasksConfig(connector(req))));
  router.get('/:connector/status', async (req, res) => void res.json(await herder().connectorStatus(connector(req))));

  router.get('/:connector/topics', async (req, res) => {
    if (!options.topicTrackingEnabled) throw new RestError(403, 'Topic tracking is disabled.');
    const name = connector(req);
    res.json({ [name]: await herder().connectorActiveTopics(name) });
  });

  router.put('/:connector/topics/reset', async (req, res) => {
    if (!options.topicTrackingEnabled) throw new RestError(403, 'Topic tracking is disabled.');
    if (!options.topicTrackingResetEnabled) throw new RestError(403, 'Topic tracking reset is disabled.');
    await herder().resetConnectorActiveTopics(connector(req));
    res.status(202).end();
  });

  router.put('/:connector/config', async (req, res) => {
    const name = connector(req);
    const config = stringMap(objectBody(req, 'connector config'), 'Connector config');
    checkAndPutName(name, config);
    await write(req, res, {
      path: `/connectors/${encodeURIComponent(name)}/config`, body: config,
      run: () => herder().putConnectorConfig(name, config as Record<string, string>, { allowReplace: true }),
    }, (created) => {
      if (created.created) res.status(201).location(locationOf(req, name));
      res.json(created.result);
    });
  });

  router.patch('/:connector/config', async (req, res) => {
    const name = connector(req);
    const patch = stringMap(objectBody(req, 'connector config patch'), 'Connector config patch');
    await write(req, res, {
      path: `/connectors/${encodeURIComponent(name)}/config`, body: patch,
      run: () => herder().patchConnectorConfig(name, patch),
    }, (created) => res.json(created.result));
  });

  router.post('/:connector/restart', async (req, res) => {
    const name = connector(req);
    const includeTasks = booleanParam(req.query.includeTasks, false);
    const onlyFailed = booleanParam(req.query.onlyFailed, false);
    const connectorOnly = !includeTasks && !onlyFailed;
    await write(req, res, {
      path: `/connectors/${encodeURIComponent(name)}/restart`,
      query: connectorOnly ? {} : { includeTasks: String(includeTasks), onlyFailed: String(onlyFailed) },
      run: () => herder().restartConnector({ connector: name, includeTasks, onlyFailed }),
    }, (info) => {
      // Kafka keeps the old answer for a plain restart: 204 and no body.
      if (connectorOnly) res.status(204).end();
      else res.status(202).json(info);
    });
  });

  router.put('/:connector/stop', async (req, res) => {
    const name = connector(req);
    await write(req, res, { path: `/connectors/${encodeURIComponent(name)}/stop`, run: () => herder().stopConnector(name) },
      () => res.status(204).end());
  });

  router.put('/:connector/pause', async (req, res) => {
    await herder().pauseConnector(connector(req));
    res.status(202).end();
  });

  router.put('/:connector/resume', async (req, res) => {
    await herder().resumeConnector(connector(req));
    res.status(202).end();
  });

  router.get('/:connector/tasks', async (req, res) => void res.json(await herder().taskConfigs(connector(req))));

  // Internal (distributed mode): a follower hands the leader a connector's new task configs.
  router.post('/:connector/tasks', async (req, res) => {
    const name = connector(req);
    const body = jsonBody(req);
    if (!Array.isArray(body)) throw new RestError(400, 'Task configurations must be a JSON array of config maps');
    const configs = body.map((c) => stringMap(c, 'Task config') as Record<string, string>);
    await write(req, res, { path: `/connectors/${encodeURIComponent(name)}/tasks`, body, run: () => herder().putTaskConfigs(name, configs, signatureOf(req.headers, req.body as Buffer | undefined)) },
      () => res.status(204).end());
  });

  router.get('/:connector/tasks/:task/status', async (req, res) => {
    res.json(await herder().taskStatus(connector(req), taskParam(req)));
  });

  router.post('/:connector/tasks/:task/restart', async (req, res) => {
    const name = connector(req);
    const task = taskParam(req);
    await write(req, res, {
      path: `/connectors/${encodeURIComponent(name)}/tasks/${task}/restart`, run: () => herder().restartTask(name, task),
    }, () => res.status(204).end());
  });

  router.delete('/:connector', async (req, res) => {
    const name = connector(req);
    await write(req, res, { path: `/connectors/${encodeURIComponent(name)}`, run: () => herder().deleteConnector(name) },
      () => res.status(204).end());
  });

  router.get('/:connector/offsets', async (req, res) => void res.json(await herder().connectorOffsets(connector(req))));

  router.patch('/:connector/offsets', async (req, res) => {
    const name = connector(req);
    const body = objectBody(req, 'ConnectorOffsets');
    rejectUnknownFields(body, 'ConnectorOffsets', ['offsets']);
    const offsets = offsetsOf(body.offsets);
    if (offsets.length === 0) throw new RestError(400, 'Partitions / offsets need to be provided for an alter offsets request');
    await write(req, res, {
      path: `/connectors/${encodeURIComponent(name)}/offsets`, body,
      run: () => herder().alterConnectorOffsets(name, offsets),
    }, (message) => res.json(message));
  });

  router.delete('/:connector/offsets', async (req, res) => {
    const name = connector(req);
    await write(req, res, { path: `/connectors/${encodeURIComponent(name)}/offsets`, run: () => herder().resetConnectorOffsets(name) },
      (message) => res.json(message));
  });

  return router;
}

/** The name in the path (or body) wins: a different `name` in the config is a 400. */
function checkAndPutName(name: string, config: Record<string, string | null>): void {
  const included = config[NAME];
  if (included !== undefined && included !== null) {
    if (included !== name) throw new RestError(400, `Connector name configuration (${included}) doesn't match connector name in the URL (${name})`);
  } else {
    config[NAME] = name;
  }
}

function initialStateOf(value: unknown): TargetState | undefined {
  return value === undefined || value === null ? undefined : targetOf(value);
}

function targetOf(value: unknown): TargetState {
  const upper = String(value).toUpperCase();
  if (!Object.hasOwn(INITIAL_TO_TARGET, upper)) {
    throw new RestError(500, `Cannot deserialize value of type \`InitialState\` from String "${String(value)}": not one of the values accepted for Enum class: [RUNNING, PAUSED, STOPPED]`);
  }
  return INITIAL_TO_TARGET[upper as InitialState];
}

function offsetsOf(value: unknown): ConnectorOffset[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RestError(500, 'Cannot deserialize value of type `java.util.ArrayList<ConnectorOffset>` from non-array value');
  return value.map((entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new RestError(500, 'Cannot deserialize ConnectorOffset from non-object value');
    const e = entry as Record<string, unknown>;
    rejectUnknownFields(e, 'ConnectorOffset', ['partition', 'offset']);
    const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (e.partition !== undefined && e.partition !== null && !isMap(e.partition)) throw new RestError(500, 'Cannot deserialize partition from non-object value');
    if (e.offset !== undefined && e.offset !== null && !isMap(e.offset)) throw new RestError(500, 'Cannot deserialize offset from non-object value');
    return { partition: (e.partition ?? null) as ConnectorOffset['partition'], offset: (e.offset ?? null) as ConnectorOffset['offset'] };
  });
}

/** Jersey makes the relative Location of a 201 absolute against the request's base URI. */
function locationOf(req: Request, name: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/connectors/${encodeURIComponent(name)}`;
}
