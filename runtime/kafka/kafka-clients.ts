// Creates the Kafka clients of a worker from its Kafka-style configs: `producer.*`,
// `consumer.*` and `admin.*` prefixed keys override the shared ones, as in Kafka Connect.
import { clientOptionsFrom, withOverrides, type ClientOptions } from './client-config.ts';
import { KafkaAdmin } from './admin.ts';
import { AssignedConsumer } from './assigned-consumer.ts';
import { GroupConsumer, type GroupSettings } from './group-consumer.ts';
import { KafkaProducer, type ProducerSettings } from './producer.ts';
import { producerSettingsFrom, reconcileIdempotence } from './producer-config.ts';
import type { FetchSettings } from './partition-fetcher.ts';

export class KafkaClients {
  readonly #props: Readonly<Record<string, string>>;
  readonly #clientIdPrefix: string;

  constructor(workerProps: Readonly<Record<string, string>>, clientIdPrefix = 'tributary') {
    this.#props = workerProps;
    this.#clientIdPrefix = clientIdPrefix;
    // Fail at construction on bad security settings, not at the first send.
    clientOptionsFrom(withOverrides(workerProps, 'producer.'), clientIdPrefix);
  }

  /** `extra` are per-client overrides (e.g. a connector's `producer.override.*`). */
  options(kind: 'producer' | 'consumer' | 'admin', clientId: string, extra: Readonly<Record<string, string>> = {}): ClientOptions {
    return clientOptionsFrom({ ...withOverrides(this.#props, `${kind}.`), ...extra }, `${this.#clientIdPrefix}-${clientId}`);
  }

  /**
   * The producer configs (worker `producer.*`, connector `producer.override.*` in `extra`: acks,
   * enable.idempotence, compression.type, linger.ms, max.in.flight.requests.per.connection and the
   * retry settings) override `defaults`; `settings` override them.
   */
  producer(clientId: string, settings: ProducerSettings = {}, extra: Readonly<Record<string, string>> = {}, defaults: ProducerSettings = {}): KafkaProducer {
    const props = { ...withOverrides(this.#props, 'producer.'), ...extra };
    const configured = producerSettingsFrom(props);
    const effective = reconcileIdempotence({ ...defaults, ...configured, ...settings }, configured.idempotent === true || settings.idempotent === true);
    return new KafkaProducer(clientOptionsFrom(props, `${this.#clientIdPrefix}-${clientId}`), effective);
  }

  assignedConsumer(clientId: string, settings: FetchSettings = {}): AssignedConsumer {
    return new AssignedConsumer(this.options('consumer', clientId), settings);
  }

  /**
   * Group timing comes from the consumer configs as in Kafka's consumer: session.timeout.ms,
   * heartbeat.interval.ms, and max.poll.interval.ms as the rebalance timeout.
   */
  groupConsumer(clientId: string, settings: GroupSettings, extra: Readonly<Record<string, string>> = {}): GroupConsumer {
    const props = { ...withOverrides(this.#props, 'consumer.'), ...extra };
    const ms = (key: string) => (props[key] === undefined ? undefined : Number(props[key]));
    return new GroupConsumer(this.options('consumer', clientId, extra), {
      sessionTimeoutMs: ms('session.timeout.ms'), heartbeatIntervalMs: ms('heartbeat.interval.ms'),
      rebalanceTimeoutMs: ms('max.poll.interval.ms'), allowAutoCreateTopics: props['allow.auto.create.topics'] !== 'false', ...settings,
    });
  }

  admin(clientId: string, extra: Readonly<Record<string, string>> = {}): KafkaAdmin {
    return new KafkaAdmin(this.options('admin', clientId, extra));
  }
}
