import { ConfigValue } from '../config/config-def.ts';
import { RUNTIME_VERSION } from './runtime-version.ts';

/** Kafka's ConnectorClientConfigRequest.ClientType. */
export type ClientType = 'PRODUCER' | 'CONSUMER' | 'ADMIN';

/** What a policy is asked: may this connector override these client configs? */
export interface ConnectorClientConfigRequest {
  readonly connectorName: string;
  readonly connectorType: 'source' | 'sink';
  readonly connectorClass: string;
  /** The overrides for one client, with the `producer.override.`-style prefix removed. */
  readonly clientProps: Readonly<Record<string, string>>;
  readonly clientType: ClientType;
}

/**
 * Kafka's ConnectorClientConfigOverridePolicy (`connector.client.config.override.policy` on the
 * worker): one ConfigValue per requested override, with an error message on each refused one.
 */
export interface ConnectorClientConfigOverridePolicy {
  configure(configs: Record<string, unknown>): void;
  validate(request: ConnectorClientConfigRequest): ConfigValue[];
  version(): string;
  close(): void;
}

abstract class AbstractOverridePolicy implements ConnectorClientConfigOverridePolicy {
  protected abstract policyName(): string;
  protected abstract isAllowed(name: string): boolean;

  configure(_configs: Record<string, unknown>): void {}

  validate(request: ConnectorClientConfigRequest): ConfigValue[] {
    return Object.entries(request.clientProps).map(([name, value]) => {
      const result = new ConfigValue(name);
      result.value = value;
      if (!this.isAllowed(name)) {
        result.addErrorMessage(`The '${this.policyName()}' policy does not allow '${name}' to be overridden in the connector configuration.`);
      }
      return result;
    });
  }

  version(): string {
    return RUNTIME_VERSION;
  }

  close(): void {}
}

/** Refuses every client override. */
export class NoneConnectorClientConfigOverridePolicy extends AbstractOverridePolicy {
  protected policyName(): string { return 'None'; }
  protected isAllowed(): boolean { return false; }
}

/** Lets a connector choose its own principal (SASL JAAS config, mechanism, security protocol), nothing else. */
export class PrincipalConnectorClientConfigOverridePolicy extends AbstractOverridePolicy {
  static readonly ALLOWED: ReadonlySet<string> = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol']);
  protected policyName(): string { return 'Principal'; }
  protected isAllowed(name: string): boolean { return PrincipalConnectorClientConfigOverridePolicy.ALLOWED.has(name); }
}

/** Allows every client override (Kafka's default since 3.0). */
export class AllConnectorClientConfigOverridePolicy extends AbstractOverridePolicy {
  protected policyName(): string { return 'All'; }
  protected isAllowed(): boolean { return true; }
}

const POLICY_PACKAGE = 'org.apache.kafka.connect.connector.policy.';
export const NONE_POLICY_CLASS = `${POLICY_PACKAGE}NoneConnectorClientConfigOverridePolicy`;
export const PRINCIPAL_POLICY_CLASS = `${POLICY_PACKAGE}PrincipalConnectorClientConfigOverridePolicy`;
export const ALL_POLICY_CLASS = `${POLICY_PACKAGE}AllConnectorClientConfigOverridePolicy`;

/** The worker config naming the policy, and its default (Kafka's since 3.0). */
export const CLIENT_OVERRIDE_POLICY_CONFIG = 'connector.client.config.override.policy';
export const CLIENT_OVERRIDE_POLICY_DEFAULT = 'All';

/** Connector config prefixes whose keys override the worker's client configs for that connector. */
export const CLIENT_OVERRIDE_PREFIXES: Readonly<Record<ClientType, string>> = Object.freeze({
  PRODUCER: 'producer.override.',
  CONSUMER: 'consumer.override.',
  ADMIN: 'admin.override.',
});

/** The clients a connector of this type uses, whose overrides are checked (source: producer + admin; sink: consumer + admin). */
export function clientTypesOf(connectorType: 'source' | 'sink'): ClientType[] {
  return connectorType === 'source' ? ['PRODUCER', 'ADMIN'] : ['CONSUMER', 'ADMIN'];
}

/** The overrides for one client in a connector config, prefix removed: `producer.override.acks=1` → `{acks: '1'}`. */
export function extractClientOverrides(connectorConfig: Readonly<Record<string, string>>, clientType: ClientType): Record<string, string> {
  const prefix = CLIENT_OVERRIDE_PREFIXES[clientType];
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(connectorConfig)) {
    if (key.startsWith(prefix) && key.length > prefix.length) out[key.slice(prefix.length)] = value;
  }
  return out;
}

export interface ClientOverrideCheck {
  connectorName: string;
  connectorType: 'source' | 'sink';
  connectorClass: string;
  connectorConfig: Readonly<Record<string, string>>;
}

/**
 * Asks the policy about every override of every client the connector uses. Results carry the
 * full connector config key (`producer.override.acks`) so the validate endpoint can show them
 * next to the connector's own keys, as Kafka does.
 */
export function validateClientOverrides(policy: ConnectorClientConfigOverridePolicy, check: ClientOverrideCheck): ConfigValue[] {
  const results: ConfigValue[] = [];
  for (const clientType of clientTypesOf(check.connectorType)) {
    const clientProps = extractClientOverrides(check.connectorConfig, clientType);
    if (Object.keys(clientProps).length === 0) continue;
    for (const value of policy.validate({ ...check, clientProps, clientType })) {
      const prefixed = new ConfigValue(CLIENT_OVERRIDE_PREFIXES[clientType] + value.name);
      prefixed.value = value.value;
      for (const message of value.errorMessages) prefixed.addErrorMessage(message);
      results.push(prefixed);
    }
  }
  return results;
}
