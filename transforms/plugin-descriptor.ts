// What the plugin registry consumes: one descriptor per class name a connector config can name.
import type { ConfigDef, Predicate, Transformation } from './runtime-bridge.ts';
import type { ConfigKeySpec } from './config-spec.ts';

export interface TransformPluginDescriptor {
  /** The fully qualified name used in `transforms.<alias>.type` / `predicates.<alias>.type`. */
  readonly className: string;
  /** Short names also accepted, e.g. `Cast$Value`. */
  readonly aliases: readonly string[];
  readonly kind: 'transformation' | 'predicate';
  /** One paragraph for docs and `GET /connector-plugins`. */
  readonly description: string;
  create(): Transformation | Predicate;
  readonly configDef: ConfigDef;
  /** The declarative key list behind configDef (docs use its `validValues`). */
  readonly configKeys: readonly ConfigKeySpec[];
  /** Example files (transform-test format) under transforms/examples/, relative to that folder. */
  readonly examples: readonly string[];
}
