// The plugin registry: built-ins and plugin packages from plugin.path, by Kafka class name or alias.
export { PluginRegistry, type PluginRegistryOptions } from './plugin-registry.ts';
export { builtInPlugins } from './built-in-plugins.ts';
export { PLUGIN_TYPES, BUILT_IN_LOCATION, pluginInfo, type PluginDescriptor, type PluginInfo, type PluginType } from './plugin-types.ts';
export { computeAliases, prunedName, simpleName } from './plugin-aliases.ts';
export { PluginLoadError, type PluginLoadErrorCode } from './plugin-load-error.ts';
export { MANIFEST_KINDS, parseManifest, type PluginManifest } from './plugin-manifest.ts';
export { RUNTIME_VERSION } from './runtime-version.ts';
export { installSpiResolution, runtimeUrlFor } from './spi-resolution.ts';
export * from './client-override-policy.ts';
