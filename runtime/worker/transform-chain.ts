// The connector's transform chain (`transforms`, `transforms.<alias>.type/.predicate/.negate`,
// `predicates`, `predicates.<alias>.type`): each step runs only when its predicate (negated if
// asked) holds, and through the error handler (stage TRANSFORMATION, the step's class name).
import { ConfigException } from '../config/config-exception.ts';
import type { ConnectRecord } from '../data/connect-record.ts';
import type { Predicate, Transformation } from '../api/transformation.ts';
import type { WorkerPlugins } from './worker-plugins.ts';
import { SKIPPED, type Outcome, type ProcessingContext, type RetryWithToleranceOperator } from './retry-with-tolerance.ts';

interface Step {
  readonly className: string;
  readonly transform: Transformation;
  readonly predicate: Predicate | null;
  readonly negate: boolean;
}

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

function withPrefix(config: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

export class TransformChain {
  readonly #steps: Step[];
  readonly #predicates: Predicate[];

  private constructor(steps: Step[], predicates: Predicate[]) {
    this.#steps = steps;
    this.#predicates = predicates;
  }

  static build(config: Readonly<Record<string, string>>, plugins: Pick<WorkerPlugins, 'newTransformation' | 'newPredicate'>): TransformChain {
    const predicates = new Map<string, Predicate>();
    for (const alias of list(config.predicates)) {
      const own = withPrefix(config, `predicates.${alias}.`);
      if (!own.type) throw new ConfigException(`predicates.${alias}.type`, own.type ?? null, 'Missing predicate class');
      const predicate = plugins.newPredicate(own.type);
      delete own.type;
      predicate.configure(own);
      predicates.set(alias, predicate);
    }
    const steps = list(config.transforms).map((alias): Step => {
      const own = withPrefix(config, `transforms.${alias}.`);
      if (!own.type) throw new ConfigException(`transforms.${alias}.type`, own.type ?? null, 'Missing transformation class');
      let predicate: Predicate | null = null;
      if (own.predicate !== undefined && own.predicate !== '') {
        predicate = predicates.get(own.predicate) ?? null;
        if (predicate === null) throw new ConfigException(`transforms.${alias}.predicate`, own.predicate, 'Unknown predicate alias');
      }
      const negate = (own.negate ?? 'false').trim().toLowerCase() === 'true';
      const className = own.type;
      for (const key of ['type', 'predicate', 'negate']) delete own[key];
      const transform = plugins.newTransformation(className);
      transform.configure(own);
      return { className, transform, predicate, negate };
    });
    return new TransformChain(steps, [...predicates.values()]);
  }

  get size(): number {
    return this.#steps.length;
  }

  /**
   * The transformed record, null if a transform dropped it, SKIPPED if a failure was tolerated.
   * Synchronous unless a step failed (then the error handler may retry asynchronously).
   */
  apply<R extends ConnectRecord<R>>(record: R, operator: RetryWithToleranceOperator, context: Pick<ProcessingContext, 'consumed' | 'source'>): Outcome<R | null> | Promise<Outcome<R | null>> {
    return this.#from(0, record, operator, context);
  }

  close(): void {
    for (const s of this.#steps) s.transform.close();
    for (const p of this.#predicates) p.close();
  }

  #from<R extends ConnectRecord<R>>(index: number, record: R, operator: RetryWithToleranceOperator, context: Pick<ProcessingContext, 'consumed' | 'source'>): Outcome<R | null> | Promise<Outcome<R | null>> {
    let current: R | null = record;
    for (let i = index; i < this.#steps.length && current !== null; i++) {
      const step = this.#steps[i];
      const input: R = current;
      const result = operator.execute('TRANSFORMATION', step.className, () => {
        if (step.predicate !== null && step.predicate.test(input) === step.negate) return input;
        return step.transform.apply(input) as R | null;
      }, context);
      if (result instanceof Promise) {
        return result.then((r) => (r === SKIPPED || r === null ? r : this.#from(i + 1, r, operator, context)));
      }
      if (result === SKIPPED) return SKIPPED;
      current = result;
    }
    return current;
  }
}
