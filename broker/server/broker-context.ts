// What every API handler may use: the broker's state, shared by all connections.
import type { Logger } from 'pino';
import type { BrokerConfig, Listener } from '../config/broker-config.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import type { ProducerIds } from '../coordinator/producer-ids.ts';
import type { LogManager } from '../log/log-manager.ts';

export type BrokerContext = {
  config: BrokerConfig;
  logs: LogManager;
  producerIds: ProducerIds;
  groups: GroupCoordinator;
  log: Logger;
  nodeId: number;
  /** Where the broker listens (ports resolved). */
  listeners: Listener[];
  /** What clients are told to connect to (Metadata, FindCoordinator, DescribeCluster). */
  advertised: Listener[];
};
