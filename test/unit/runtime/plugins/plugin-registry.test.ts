import { describe, expect, test } from '@jest/globals';
import { ConfigDef } from '../../../../runtime/config/config-def.ts';
import { ConfigResolver } from '../../../../runtime/config/providers/config-resolver.ts';
import { FileStreamSinkConnector, FileStreamSourceConnector } from '../../../../connectors/file/index.ts';
import { DatagenConnector } from '../../../../connectors/datagen/index.ts';
import {
  AllConnectorClientConfigOverridePolicy, BUILT_IN_LOCATION, computeAliases, PluginRegistry, prunedName, RUNTIME_VERSION,
  type PluginDescriptor,
} from '../../../../runtime/plugins/index.ts';

const registry = new PluginRegistry((await PluginRegistry.load()).list());

describe('built-in plugins', () => {
  test('GET /connector-plugins lists the built-in connectors with type and version', () => {
    expect(registry.pluginInfos()).toEqual([
      { class: 'io.tributary.connect.datagen.DatagenConnector', type: 'source', version: RUNTIME_VERSION },
      { class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: RUNTIME_VERSION },
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: RUNTIME_VERSION },
    ]);
  });

  test('connectorsOnly=false adds converters (also as header converters), transforms and predicates', () => {
    const infos = registry.pluginInfos(false);
    const typesOf = (cls: string): string[] => infos.filter((i) => i.class === cls).map((i) => i.type).sort();
    expect(typesOf('org.apache.kafka.connect.json.JsonConverter')).toEqual(['converter', 'header_converter']);
    expect(typesOf('org.apache.kafka.connect.storage.SimpleHeaderConverter')).toEqual(['header_converter']);
    expect(typesOf('org.apache.kafka.connect.transforms.Cast$Value')).toEqual(['transformation']);
    expect(typesOf('org.apache.kafka.connect.transforms.predicates.TopicNameMatches')).toEqual(['predicate']);
    expect(infos.some((i) => i.type === 'configprovider' as string)).toBe(false);
  });

  test.each([
    ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'source'],
    ['FileStreamSourceConnector', 'source'],
    ['FileStreamSource', 'source'],
    ['FileStreamSink', 'sink'],
    ['Datagen', 'source'],
    ['DatagenConnector', 'source'],
  ])('connector %s resolves', (name, type) => {
    expect(registry.connectorType(name)).toBe(type);
    expect(registry.newConnector(name)).toBeInstanceOf(name.startsWith('Datagen') ? DatagenConnector : name.includes('Sink') ? FileStreamSinkConnector : FileStreamSourceConnector);
  });

  test.each([
    ['org.apache.kafka.connect.json.JsonConverter', 'org.apache.kafka.connect.json.JsonConverter'],
    ['JsonConverter', 'org.apache.kafka.connect.json.JsonConverter'],
    ['Json', 'org.apache.kafka.connect.json.JsonConverter'],
    ['String', 'org.apache.kafka.connect.storage.StringConverter'],
    ['ByteArray', 'org.apache.kafka.connect.converters.ByteArrayConverter'],
    ['Integer', 'org.apache.kafka.connect.converters.IntegerConverter'],
    ['LongConverter', 'org.apache.kafka.connect.converters.LongConverter'],
  ])('converter %s is %s', (name, className) => {
    expect(registry.find(name, ['converter'])?.className).toBe(className);
    expect(typeof registry.newConverter(name).fromConnectData).toBe('function');
  });

  test('header converters, transforms, predicates, config providers and policies resolve by alias', () => {
    expect(registry.find('Simple', ['header_converter'])?.className).toBe('org.apache.kafka.connect.storage.SimpleHeaderConverter');
    expect(registry.find('Json', ['header_converter'])?.className).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(registry.find('Cast$Value', ['transformation'])?.className).toBe('org.apache.kafka.connect.transforms.Cast$Value');
    expect(registry.find('RegexRouter', ['transformation'])?.className).toBe('org.apache.kafka.connect.transforms.RegexRouter');
    expect(typeof registry.newPredicate('TopicNameMatches').test).toBe('function');
    expect(registry.find('File', ['configprovider'])?.className).toBe('org.apache.kafka.common.config.provider.FileConfigProvider');
    expect(registry.find('EnvVar', ['configprovider'])?.className).toBe('org.apache.kafka.common.config.provider.EnvVarConfigProvider');
    expect(registry.find('Directory', ['configprovider'])?.className).toBe('org.apache.kafka.common.config.provider.DirectoryConfigProvider');
    expect(registry.newClientConfigOverridePolicy()).toBeInstanceOf(AllConnectorClientConfigOverridePolicy);
    for (const alias of ['None', 'Principal', 'All']) {
      expect(registry.find(alias, ['connector_client_config_override_policy'])?.className)
        .toBe(`org.apache.kafka.connect.connector.policy.${alias}ConnectorClientConfigOverridePolicy`);
    }
  });

  test('a name of the wrong type is not found, with Kafka\'s message', () => {
    expect(registry.find('Json', ['source', 'sink'])).toBeUndefined();
    expect(() => registry.newConnector('NoSuchConnector')).toThrow(
      /^Failed to find any class that implements Connector and which name matches NoSuchConnector, available source\/sink plugins are: io\.tributary\.connect\.datagen\.DatagenConnector, /);
  });

  test('each plugin carries its config definition', () => {
    expect(registry.get('FileStreamSource', ['source']).configDef().names()).toEqual(['file', 'topic', 'batch.size']);
    expect(registry.get('Json', ['converter']).configDef().names()).toContain('schemas.enable');
    expect(registry.get('Cast$Value', ['transformation']).configDef().names()).toContain('spec');
    expect(registry.get('Datagen', ['source']).location).toBe(BUILT_IN_LOCATION);
  });

  test('config provider factories plug into ConfigResolver by class name or alias', async () => {
    const resolver = ConfigResolver.fromWorkerConfig(
      { 'config.providers': 'env', 'config.providers.env.class': 'EnvVar' }, registry.configProviderFactories());
    process.env.TRIBUTARY_REGISTRY_TEST = 'from-env';
    try {
      expect((await resolver.resolve({ a: '${env:TRIBUTARY_REGISTRY_TEST}' })).data.a).toBe('from-env');
    } finally {
      delete process.env.TRIBUTARY_REGISTRY_TEST;
    }
  });
});

describe('aliases (Kafka PluginUtils rules)', () => {
  const descriptor = (className: string, type: PluginDescriptor['type']): PluginDescriptor => ({
    className, type, version: '1', declaredAliases: [], location: 'test', create: () => ({}), configDef: () => new ConfigDef(),
  });

  test('the pruned name drops the type suffix only when something is left', () => {
    expect(prunedName('com.acme.MySourceConnector', 'source')).toBe('MySource');
    expect(prunedName('com.acme.Connector', 'source')).toBe('Connector');
    expect(prunedName('com.acme.AvroConverter', 'converter')).toBe('Avro');
    expect(prunedName('com.acme.AvroConverter', 'header_converter')).toBe('AvroConverter');
    expect(prunedName('com.acme.VaultConfigProvider', 'configprovider')).toBe('Vault');
  });

  test('an alias naming two classes is dropped; class names still work', () => {
    const plugins = [descriptor('com.a.JdbcSourceConnector', 'source'), descriptor('com.b.JdbcSourceConnector', 'source'), descriptor('com.b.OtherSinkConnector', 'sink')];
    const aliases = computeAliases(plugins);
    expect(aliases.has('JdbcSourceConnector')).toBe(false);
    expect(aliases.has('JdbcSource')).toBe(false);
    expect(aliases.get('OtherSink')).toBe('com.b.OtherSinkConnector');
    const r = new PluginRegistry(plugins);
    expect(r.find('JdbcSource', ['source'])).toBeUndefined();
    expect(r.find('com.a.JdbcSourceConnector', ['source'])?.className).toBe('com.a.JdbcSourceConnector');
  });
});
