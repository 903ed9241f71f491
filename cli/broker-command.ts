// `tributary broker [server.properties] [--override name=value]...`, like kafka-server-start.sh.
import { parseArgs } from 'node:util';
import { BrokerConfig } from '../broker/config/broker-config.ts';
import { Broker } from '../broker/server/broker.ts';
import { createLogger } from '../logging/logger.ts';

export async function brokerCommand(argv: string[]): Promise<number> {
  const log = createLogger();
  let config: BrokerConfig;
  try {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true,
      options: { override: { type: 'string', multiple: true } },
    });
    if (positionals.length > 1) throw new Error(`Expected at most one properties file, got: ${positionals.join(' ')}`);
    const overrides: Record<string, string> = {};
    for (const o of values.override ?? []) {
      const eq = o.indexOf('=');
      if (eq <= 0) throw new Error(`--override expects name=value, got "${o}"`);
      overrides[o.slice(0, eq)] = o.slice(eq + 1);
    }
    config = BrokerConfig.load({ file: positionals[0], env: process.env, overrides });
  } catch (err) {
    console.error(`tributary broker: ${(err as Error).message}`);
    return 2;
  }
  for (const name of config.unknown) log.warn({ config: name }, `The configuration '${name}' was supplied but isn't a known config.`);

  let broker: Broker;
  try {
    broker = await Broker.start({ config, log });
  } catch (err) {
    console.error(`tributary broker: ${(err as Error).message}`);
    return 1;
  }
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      broker.close().then(resolve, (err) => { log.error({ err }, 'error during shutdown'); resolve(); });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await stopped;
  log.flush();
  return 0;
}
