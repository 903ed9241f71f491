// The broker's configuration: a server.properties file, then TRIBUTARY_* environment variables,
// then --override flags (strongest). Values are validated once, at start-up.
import { readFileSync } from 'node:fs';
import { parseProperties } from '../../runtime/config/properties.ts';
import { KafkaError } from '../kafka-error.ts';
import { brokerConfigByName } from './broker-configs.ts';
import { parseList, parseLong, validateConfigValue, type ConfigDefinition } from './config-types.ts';
import { topicConfigByName, topicConfigDefinitions } from './topic-configs.ts';

/** Kafka's DescribeConfigs config sources. */
export const ConfigSource = Object.freeze({
  DYNAMIC_TOPIC_CONFIG: 1,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
});

export type Listener = { name: string; host: string; port: number };

export type ResolvedConfig = {
  name: string;
  value: string | null;
  source: number;
  definition: ConfigDefinition;
  synonyms: { name: string; value: string | null; source: number }[];
};

export class BrokerConfig {
  readonly values: ReadonlyMap<string, string>;
  /** Settings given that are not broker settings we know (Kafka logs and ignores them too). */
  readonly unknown: readonly string[];

  constructor(values: Record<string, string>) {
    const entries = Object.entries(values).map(([k, v]) => [k.trim(), v.trim()] as const);
    for (const [name, value] of entries) {
      const def = brokerConfigByName.get(name);
      if (def) validateConfigValue(def, value);
    }
    this.values = new Map(entries);
    this.unknown = entries.map(([k]) => k).filter((k) => !brokerConfigByName.has(k));
    this.listeners = parseListeners(this.string('listeners'));
  }

  /** server.properties file (optional), then env TRIBUTARY_LOG_DIRS=… (log.dirs), then overrides. */
  static load(options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, string> }): BrokerConfig {
    const values: Record<string, string> = {};
    if (options.file) Object.assign(values, parseProperties(readFileSync(options.file, 'utf8')));
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (!key.startsWith('TRIBUTARY_') || value === undefined) continue;
      const name = key.slice('TRIBUTARY_'.length).toLowerCase().replaceAll('_', '.');
      if (brokerConfigByName.has(name)) values[name] = value;
    }
    Object.assign(values, options.overrides ?? {});
    return new BrokerConfig(values);
  }

  readonly listeners: readonly Listener[];

  get nodeId(): number { return this.int('node.id'); }
  get logDirs(): string[] {
    const dirs = this.raw('log.dirs');
    return dirs !== null ? parseList(dirs) : [this.string('log.dir')];
  }
  get advertisedListeners(): Listener[] | null {
    const value = this.raw('advertised.listeners');
    return value === null ? null : parseListeners(value);
  }

  raw(name: string): string | null {
    return this.values.get(name) ?? brokerConfigByName.get(name)?.default ?? null;
  }
  string(name: string): string {
    const value = this.raw(name);
    if (value === null) throw new KafkaError('INVALID_CONFIG', `Missing required configuration "${name}"`);
    return value;
  }
  int(name: string): number { return parseLong(this.string(name)); }
  bool(name: string): boolean { return this.string(name).toLowerCase() === 'true'; }

  /** Every broker setting as DescribeConfigs reports it for the broker resource. */
  describeBroker(): ResolvedConfig[] {
    return [...brokerConfigByName.values()].map((definition) => {
      const set = this.values.get(definition.name);
      const value = set ?? definition.default;
      const source = set !== undefined ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
      return { name: definition.name, value: definition.type === 'password' ? null : value, source, definition, synonyms: [] };
    });
  }

  /** A topic's effective configs: its overrides, else broker synonyms, else Kafka's defaults. */
  resolveTopic(overrides: Readonly<Record<string, string>>): ResolvedConfig[] {
    return topicConfigDefinitions.map((definition) => {
      const synonyms: ResolvedConfig['synonyms'] = [];
      if (overrides[definition.name] !== undefined) {
        synonyms.push({ name: definition.name, value: overrides[definition.name], source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
      }
      for (const synonym of definition.synonyms ?? []) {
        const set = this.values.get(synonym.name);
        if (set !== undefined) {
          synonyms.push({ name: synonym.name, value: scaled(set, synonym.scale), source: ConfigSource.STATIC_BROKER_CONFIG });
        }
      }
      synonyms.push({ name: definition.name, value: definition.default, source: ConfigSource.DEFAULT_CONFIG });
      const [winner] = synonyms;
      return { name: definition.name, value: winner.value, source: winner.source, definition, synonyms };
    });
  }

  /** The effective topic configs as a plain name → value map. */
  topicValues(overrides: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.resolveTopic(overrides)) if (c.value !== null) out[c.name] = c.value;
    return out;
  }
}

/** Validates topic config overrides (CreateTopics, AlterConfigs); throws INVALID_CONFIG. */
export function validateTopicOverrides(overrides: Readonly<Record<string, string | null>>): void {
  for (const [name, value] of Object.entries(overrides)) {
    const def = topicConfigByName.get(name);
    if (!def) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${name}`);
    validateConfigValue(def, value);
  }
}

function scaled(value: string, scale = 1): string {
  return scale === 1 ? value : String(parseLong(value) * scale);
}

function parseListeners(value: string): Listener[] {
  return parseList(value).map((entry) => {
    const match = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(entry);
    if (!match) {
      throw new KafkaError('INVALID_CONFIG', `Invalid listener "${entry}": expected NAME://host:port, e.g. PLAINTEXT://localhost:9092`);
    }
    return { name: match[1], host: match[2].replace(/^\[|\]$/g, ''), port: Number(match[3]) };
  });
}
