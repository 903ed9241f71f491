// Kafka Connect's topic creation for source connectors (KIP-158): when the connector sets
// `topic.creation.default.replication.factor` and `.partitions`, a topic a record goes to is
// created if missing, with the settings of the first group in `topic.creation.groups` whose
// `include` regexes match it and `exclude` regexes do not (else the `default` group).
import { ConfigException } from '../config/config-exception.ts';
import type { KafkaAdmin } from '../kafka/admin.ts';

interface TopicCreationGroup {
  readonly name: string;
  readonly include: RegExp[];
  readonly exclude: RegExp[];
  readonly replicationFactor: number;
  readonly partitions: number;
  readonly configs: Record<string, string>;
}

const OWN_KEYS = new Set(['include', 'exclude', 'replication.factor', 'partitions']);
const regexes = (value: string | undefined): RegExp[] =>
  (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => new RegExp(`^(?:${s})$`));

function int(props: Readonly<Record<string, string>>, name: string, fallback?: number): number {
  const raw = props[name];
  if (raw === undefined || raw.trim() === '') {
    if (fallback === undefined) throw new ConfigException(name, null, 'required for topic creation');
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || (n < 1 && n !== -1)) throw new ConfigException(name, raw, 'must be a positive integer or -1 (broker default)');
  return n;
}

function group(props: Readonly<Record<string, string>>, name: string, defaults?: TopicCreationGroup): TopicCreationGroup {
  const prefix = `topic.creation.${name}.`;
  const configs: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith(prefix) && !OWN_KEYS.has(k.slice(prefix.length))) configs[k.slice(prefix.length)] = v;
  }
  return {
    name,
    include: defaults === undefined ? regexes(props[`${prefix}include`]) : [/^.*$/],
    exclude: regexes(props[`${prefix}exclude`]),
    replicationFactor: int(props, `${prefix}replication.factor`, defaults?.replicationFactor),
    partitions: int(props, `${prefix}partitions`, defaults?.partitions),
    configs: { ...defaults?.configs, ...configs },
  };
}

export class TopicCreation {
  readonly #groups: TopicCreationGroup[];
  readonly #known = new Set<string>();
  readonly #admin: KafkaAdmin;

  private constructor(groups: TopicCreationGroup[], admin: KafkaAdmin) {
    this.#groups = groups;
    this.#admin = admin;
  }

  /** null when topic creation is off for this connector (worker setting or no default group). */
  static from(connector: Readonly<Record<string, string>>, workerEnabled: boolean, admin: KafkaAdmin): TopicCreation | null {
    if (!workerEnabled || connector['topic.creation.default.replication.factor'] === undefined) return null;
    const defaults = group(connector, 'default', { name: 'default', include: [], exclude: [], replicationFactor: 0, partitions: 0, configs: {} });
    const named = (connector['topic.creation.groups'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'default')
      .map((name) => group({ ...connector, [`topic.creation.${name}.replication.factor`]: connector[`topic.creation.${name}.replication.factor`] ?? String(defaults.replicationFactor), [`topic.creation.${name}.partitions`]: connector[`topic.creation.${name}.partitions`] ?? String(defaults.partitions) }, name));
    if (connector['topic.creation.default.partitions'] === undefined) throw new ConfigException('topic.creation.default.partitions', null, 'required with topic.creation.default.replication.factor');
    return new TopicCreation([...named, { ...defaults, include: [/^.*$/] }], admin);
  }

  /** The group a topic would be created with. */
  groupFor(topic: string): string {
    return this.#match(topic).name;
  }

  /** Creates the topic if this worker has not seen it and it does not exist. */
  async ensure(topic: string): Promise<void> {
    if (this.#known.has(topic)) return;
    const existing = await this.#admin.describeTopics([topic]);
    if (!existing.has(topic)) {
      const g = this.#match(topic);
      await this.#admin.createTopic({ name: topic, partitions: g.partitions, replicationFactor: g.replicationFactor, configs: g.configs });
    }
    this.#known.add(topic);
  }

  #match(topic: string): TopicCreationGroup {
    return this.#groups.find((g) => g.include.some((r) => r.test(topic)) && !g.exclude.some((r) => r.test(topic)))!;
  }
}
