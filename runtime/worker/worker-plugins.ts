// What the worker needs from the plugin registry (runtime/plugins' PluginRegistry satisfies it;
// tests pass their own): instances by class name or alias.
import type { Connector } from '../api/connector.ts';
import type { Converter, HeaderConverter } from '../api/converter.ts';
import type { Predicate, Transformation } from '../api/transformation.ts';

export interface WorkerPlugins {
  connectorType(nameOrAlias: string): 'source' | 'sink';
  newConnector(nameOrAlias: string): Connector;
  newConverter(nameOrAlias: string): Converter;
  newHeaderConverter(nameOrAlias: string): HeaderConverter;
  newTransformation(nameOrAlias: string): Transformation;
  newPredicate(nameOrAlias: string): Predicate;
}
