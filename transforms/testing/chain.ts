// Builds a transform chain from a connector-style config (`transforms=a,b`,
// `transforms.a.type`, `transforms.a.predicate`, `transforms.a.negate`, `predicates=…`,
// `predicates.p.type`…), as the worker does, and applies it to one record.
import { ConfigException, type ConnectRecord, type Predicate, type Transformation } from '../runtime-bridge.ts';
import { findTransformPlugin } from '../index.ts';

export interface ChainStep {
  readonly alias: string;
  readonly transform: Transformation;
  readonly predicate: Predicate | null;
  readonly negate: boolean;
}

function list(value: string | undefined): string[] {
  return value === undefined || value.trim() === '' ? [] : value.split(',').map((s) => s.trim());
}

/** The keys under `prefix` with the prefix removed (Kafka's originalsWithPrefix). */
function withPrefix(config: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

export function buildChain(config: Readonly<Record<string, string>>): ChainStep[] {
  const predicates = new Map<string, Predicate>();
  for (const alias of list(config.predicates)) {
    const own = withPrefix(config, `predicates.${alias}.`);
    const plugin = own.type === undefined ? undefined : findTransformPlugin(own.type);
    if (plugin === undefined || plugin.kind !== 'predicate') {
      throw new ConfigException(`predicates.${alias}.type`, own.type ?? null, 'Not a known predicate class');
    }
    const predicate = plugin.create() as Predicate;
    delete own.type;
    predicate.configure(own);
    predicates.set(alias, predicate);
  }
  return list(config.transforms).map((alias) => {
    const own = withPrefix(config, `transforms.${alias}.`);
    const plugin = own.type === undefined ? undefined : findTransformPlugin(own.type);
    if (plugin === undefined || plugin.kind !== 'transformation') {
      throw new ConfigException(`transforms.${alias}.type`, own.type ?? null, 'Not a known transformation class');
    }
    let predicate: Predicate | null = null;
    if (own.predicate !== undefined) {
      predicate = predicates.get(own.predicate) ?? null;
      if (predicate === null) throw new ConfigException(`transforms.${alias}.predicate`, own.predicate, 'Unknown predicate alias');
    }
    const negate = (own.negate ?? 'false').toLowerCase() === 'true';
    for (const key of ['type', 'predicate', 'negate']) delete own[key];
    const transform = plugin.create() as Transformation;
    transform.configure(own);
    return { alias, transform, predicate, negate };
  });
}

/** Applies every step whose predicate (if any, negated if asked) holds; null = dropped. */
export function applyChain(steps: readonly ChainStep[], record: ConnectRecord): ConnectRecord | null {
  let current: ConnectRecord | null = record;
  for (const step of steps) {
    if (current === null) return null;
    if (step.predicate !== null && step.predicate.test(current) === step.negate) continue;
    current = step.transform.apply(current);
  }
  return current;
}
