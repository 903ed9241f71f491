// Topic auto-creation (auto.create.topics.enable): num.partitions partitions, broker defaults.
// Concurrent requests for the same missing topic share one creation.
import type { TopicInfo } from '../log/log-manager.ts';
import type { BrokerContext } from './broker-context.ts';

const inFlight = new WeakMap<BrokerContext, Map<string, Promise<TopicInfo>>>();

export function autoCreateTopic(broker: BrokerContext, name: string): Promise<TopicInfo> {
  let pending = inFlight.get(broker);
  if (!pending) inFlight.set(broker, pending = new Map());
  let creation = pending.get(name);
  if (!creation) {
    creation = broker.logs.createTopic(name, broker.config.int('num.partitions'), {})
      .then((topic) => {
        broker.log.info({ topic: name, partitions: topic.partitions }, 'auto-created topic');
        return topic;
      })
      .finally(() => pending.delete(name));
    pending.set(name, creation);
  }
  return creation;
}
