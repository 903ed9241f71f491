import type { Connector } from '../api/connector.ts';
import { ConfigDef } from '../config/config-def.ts';
import { DirectoryConfigProvider } from '../config/providers/directory-config-provider.ts';
import { EnvVarConfigProvider } from '../config/providers/env-var-config-provider.ts';
import { FileConfigProvider } from '../config/providers/file-config-provider.ts';
import {
  ByteArrayConverter, DoubleConverter, FloatConverter, IntegerConverter, JsonConverter, LongConverter, ShortConverter,
  SimpleHeaderConverter, StringConverter,
} from '../converters/index.ts';
import { TRANSFORM_PLUGINS } from '../../transforms/index.ts';
import { FileStreamSinkConnector, FILE_STREAM_SINK_CLASS } from '../../connectors/file/file-stream-sink-connector.ts';
import { FileStreamSourceConnector, FILE_STREAM_SOURCE_CLASS } from '../../connectors/file/file-stream-source-connector.ts';
import { DatagenConnector, DATAGEN_CLASS } from '../../connectors/datagen/datagen-connector.ts';
import {
  AllConnectorClientConfigOverridePolicy, ALL_POLICY_CLASS, NoneConnectorClientConfigOverridePolicy, NONE_POLICY_CLASS,
  PrincipalConnectorClientConfigOverridePolicy, PRINCIPAL_POLICY_CLASS,
} from './client-override-policy.ts';
import { BUILT_IN_LOCATION, type PluginDescriptor, type PluginType } from './plugin-types.ts';
import { RUNTIME_VERSION } from './runtime-version.ts';

function builtIn(className: string, type: PluginType, create: () => unknown, configDef: () => ConfigDef, declaredAliases: readonly string[] = []): PluginDescriptor {
  return Object.freeze({ className, type, version: RUNTIME_VERSION, declaredAliases, location: BUILT_IN_LOCATION, create, configDef });
}

function connector(className: string, type: 'source' | 'sink', Class: new () => Connector, aliases: string[] = []): PluginDescriptor {
  const configDef = new Class().config();
  return builtIn(className, type, () => new Class(), () => configDef, aliases);
}

/** Kafka's converters implement HeaderConverter too, so each is listed under both types, as Kafka does. */
function converter(className: string, Class: new () => { config(): ConfigDef }, alsoHeaderConverter = true): PluginDescriptor[] {
  const configDef = new Class().config();
  const types: PluginType[] = alsoHeaderConverter ? ['converter', 'header_converter'] : ['header_converter'];
  return types.map((type) => builtIn(className, type, () => new Class(), () => configDef));
}

const CONVERTERS = 'org.apache.kafka.connect.converters.';
const PROVIDERS = 'org.apache.kafka.common.config.provider.';
const EMPTY_CONFIG = (): ConfigDef => new ConfigDef();

/** Every plugin that ships with Tributary, addressable by Kafka's class names. */
export function builtInPlugins(): PluginDescriptor[] {
  return [
    connector(FILE_STREAM_SOURCE_CLASS, 'source', FileStreamSourceConnector),
    connector(FILE_STREAM_SINK_CLASS, 'sink', FileStreamSinkConnector),
    connector(DATAGEN_CLASS, 'source', DatagenConnector, ['Datagen']),
    ...converter('org.apache.kafka.connect.json.JsonConverter', JsonConverter),
    ...converter('org.apache.kafka.connect.storage.StringConverter', StringConverter),
    ...converter(`${CONVERTERS}ByteArrayConverter`, ByteArrayConverter),
    ...converter(`${CONVERTERS}ShortConverter`, ShortConverter),
    ...converter(`${CONVERTERS}IntegerConverter`, IntegerConverter),
    ...converter(`${CONVERTERS}LongConverter`, LongConverter),
    ...converter(`${CONVERTERS}FloatConverter`, FloatConverter),
    ...converter(`${CONVERTERS}DoubleConverter`, DoubleConverter),
    ...converter('org.apache.kafka.connect.storage.SimpleHeaderConverter', SimpleHeaderConverter, false),
    ...TRANSFORM_PLUGINS.map((p) => {
      const version = (p.create() as { version?: () => string }).version?.() ?? RUNTIME_VERSION;
      return Object.freeze({ ...builtIn(p.className, p.kind, () => p.create(), () => p.configDef, p.aliases), version });
    }),
    builtIn(`${PROVIDERS}EnvVarConfigProvider`, 'configprovider', () => new EnvVarConfigProvider(), EMPTY_CONFIG),
    builtIn(`${PROVIDERS}FileConfigProvider`, 'configprovider', () => new FileConfigProvider(), EMPTY_CONFIG),
    builtIn(`${PROVIDERS}DirectoryConfigProvider`, 'configprovider', () => new DirectoryConfigProvider(), EMPTY_CONFIG),
    builtIn(NONE_POLICY_CLASS, 'connector_client_config_override_policy', () => new NoneConnectorClientConfigOverridePolicy(), EMPTY_CONFIG),
    builtIn(PRINCIPAL_POLICY_CLASS, 'connector_client_config_override_policy', () => new PrincipalConnectorClientConfigOverridePolicy(), EMPTY_CONFIG),
    builtIn(ALL_POLICY_CLASS, 'connector_client_config_override_policy', () => new AllConnectorClientConfigOverridePolicy(), EMPTY_CONFIG),
  ];
}
