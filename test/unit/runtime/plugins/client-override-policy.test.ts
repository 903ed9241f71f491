import { describe, expect, test } from '@jest/globals';
import {
  AllConnectorClientConfigOverridePolicy, extractClientOverrides, NoneConnectorClientConfigOverridePolicy,
  PrincipalConnectorClientConfigOverridePolicy, validateClientOverrides, type ConnectorClientConfigOverridePolicy,
} from '../../../../runtime/plugins/index.ts';

const connectorConfig = {
  'connector.class': 'FileStreamSource',
  'producer.override.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required;',
  'producer.override.acks': '1',
  'consumer.override.max.poll.records': '10',
  'admin.override.security.protocol': 'SASL_SSL',
};

function errorsBy(policy: ConnectorClientConfigOverridePolicy, connectorType: 'source' | 'sink'): Record<string, string[]> {
  const values = validateClientOverrides(policy, { connectorName: 'c', connectorType, connectorClass: 'X', connectorConfig });
  return Object.fromEntries(values.map((v) => [v.name, v.errorMessages]));
}

describe('client config override policies', () => {
  test('overrides are extracted per client with the prefix removed', () => {
    expect(extractClientOverrides(connectorConfig, 'PRODUCER')).toEqual({
      'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required;', acks: '1',
    });
    expect(extractClientOverrides(connectorConfig, 'CONSUMER')).toEqual({ 'max.poll.records': '10' });
    expect(extractClientOverrides(connectorConfig, 'ADMIN')).toEqual({ 'security.protocol': 'SASL_SSL' });
  });

  test('None refuses every override, naming the full connector config key', () => {
    expect(errorsBy(new NoneConnectorClientConfigOverridePolicy(), 'source')).toEqual({
      'producer.override.sasl.jaas.config': ["The 'None' policy does not allow 'sasl.jaas.config' to be overridden in the connector configuration."],
      'producer.override.acks': ["The 'None' policy does not allow 'acks' to be overridden in the connector configuration."],
      'admin.override.security.protocol': ["The 'None' policy does not allow 'security.protocol' to be overridden in the connector configuration."],
    });
  });

  test('Principal allows only sasl.jaas.config, sasl.mechanism and security.protocol', () => {
    expect(errorsBy(new PrincipalConnectorClientConfigOverridePolicy(), 'source')).toEqual({
      'producer.override.sasl.jaas.config': [],
      'producer.override.acks': ["The 'Principal' policy does not allow 'acks' to be overridden in the connector configuration."],
      'admin.override.security.protocol': [],
    });
  });

  test('All allows everything; a sink is checked for consumer and admin overrides', () => {
    expect(errorsBy(new AllConnectorClientConfigOverridePolicy(), 'sink')).toEqual({
      'consumer.override.max.poll.records': [], 'admin.override.security.protocol': [],
    });
    expect(Object.keys(errorsBy(new NoneConnectorClientConfigOverridePolicy(), 'sink')).sort())
      .toEqual(['admin.override.security.protocol', 'consumer.override.max.poll.records']);
  });
});
