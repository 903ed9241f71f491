// Starts an in-process broker on a free port over a fresh temporary data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type Broker } from '../../broker/server/broker.ts';

export type TempBroker = { broker: Broker; dataDir: string; restart(): Promise<Broker>; stop(): Promise<void> };

export async function startTempBroker(settings: Record<string, string> = {}): Promise<TempBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-broker-'));
  const all = { listeners: 'PLAINTEXT://127.0.0.1:0', 'log.dirs': dataDir, ...settings };
  const handle: TempBroker = {
    broker: await startBroker(all),
    dataDir,
    async restart() {
      await handle.broker.close();
      handle.broker = await startBroker(all);
      return handle.broker;
    },
    async stop() {
      await handle.broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
