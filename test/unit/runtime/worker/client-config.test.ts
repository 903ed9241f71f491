// Kafka-style security configs mapped onto the client library's options, and clear errors for
// what it cannot do (so a worker never silently connects without the security a user asked for).
import { describe, expect, test } from '@jest/globals';
import { clientOptionsFrom, parseJaasOptions, withOverrides } from '../../../../runtime/kafka/client-config.ts';

const base = { 'bootstrap.servers': 'PLAINTEXT://a:9092, b:9093' };

describe('clientOptionsFrom', () => {
  test('bootstrap servers without the listener prefix', () => {
    expect(clientOptionsFrom(base, 'w').bootstrapBrokers).toEqual(['a:9092', 'b:9093']);
    expect(() => clientOptionsFrom({}, 'w')).toThrow(/bootstrap.servers/);
  });

  test('SASL_SSL with SCRAM credentials from sasl.jaas.config and PEM trust', () => {
    const o = clientOptionsFrom({
      ...base, 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3\\"cret";',
      'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
      'ssl.endpoint.identification.algorithm': '',
    }, 'w');
    expect(o.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'alice', password: 's3"cret' });
    expect(o.tls?.ca).toContain('BEGIN CERTIFICATE');
    expect(o.tlsServerName).toBe(false);
  });

  test('plain SASL is not TLS', () => {
    const o = clientOptionsFrom({ ...base, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': 'x required username="u" password="p";' }, 'w');
    expect(o.tls).toBeUndefined();
    expect(o.sasl?.mechanism).toBe('PLAIN');
  });

  test('unsupported security settings fail with the key named', () => {
    expect(() => clientOptionsFrom({ ...base, 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'GSSAPI', 'sasl.jaas.config': 'x' }, 'w')).toThrow(/GSSAPI for configuration sasl.mechanism/);
    expect(() => clientOptionsFrom({ ...base, 'security.protocol': 'SSL', 'ssl.truststore.location': '/x.jks', 'ssl.truststore.type': 'JKS' }, 'w')).toThrow(/ssl.truststore.type/);
    expect(() => clientOptionsFrom({ ...base, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN' }, 'w')).toThrow(/sasl.jaas.config/);
    expect(() => clientOptionsFrom({ ...base, 'security.protocol': 'TLS' }, 'w')).toThrow(/security.protocol/);
  });

  test('jaas options and client overrides', () => {
    expect(parseJaasOptions('M required a="1" b="two words";')).toEqual({ a: '1', b: 'two words' });
    expect(withOverrides({ 'bootstrap.servers': 'x:1', 'producer.linger.ms': '5', 'consumer.max.poll.records': '9' }, 'producer.'))
      .toEqual({ 'bootstrap.servers': 'x:1', 'linger.ms': '5' });
  });
});
