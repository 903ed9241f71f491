import semver from 'semver';
import type { PluginType } from './plugin-types.ts';
import { PluginLoadError } from './plugin-load-error.ts';

/** The `kind` values a manifest may use, and the plugin type each becomes. */
export const MANIFEST_KINDS: Readonly<Record<string, PluginType>> = Object.freeze({
  source: 'source',
  sink: 'sink',
  transformation: 'transformation',
  predicate: 'predicate',
  converter: 'converter',
  'header-converter': 'header_converter',
  'config-provider': 'configprovider',
});

export interface ManifestPlugin {
  readonly kind: string;
  readonly type: PluginType;
  readonly className: string;
  readonly exportName: string;
  readonly aliases: readonly string[];
}

/** The `tributary` section of a plugin package's package.json, checked. */
export interface PluginManifest {
  readonly packageName: string;
  readonly packageVersion: string;
  readonly runtime: string;
  readonly plugins: readonly ManifestPlugin[];
}

/** A Java-style qualified class name: dot-separated identifiers (`$` allowed, as in `Cast$Value`). */
const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * Reads and checks the manifest of the package at `location`. Every problem of the manifest is
 * reported at once, so an author fixes them in one round.
 */
export function parseManifest(location: string, packageJson: Record<string, unknown>, runtimeVersion: string): PluginManifest {
  const packageName = typeof packageJson.name === 'string' ? packageJson.name : location;
  const packageVersion = typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';
  const raw = packageJson.tributary;
  if (raw === undefined) {
    throw new PluginLoadError('MISSING_MANIFEST', location,
      `Package ${packageName} (${location}) has no "tributary" manifest in its package.json, so it declares no plugins`);
  }
  const problems: string[] = [];
  const plugins: ManifestPlugin[] = [];
  let runtime = '';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('"tributary" must be an object');
  } else {
    const manifest = raw as Record<string, unknown>;
    if (typeof manifest.runtime !== 'string' || semver.validRange(manifest.runtime) === null) {
      problems.push(`"tributary.runtime" must be a semver range of Tributary versions, such as "^${runtimeVersion}"`);
    } else {
      runtime = manifest.runtime;
    }
    if (!Array.isArray(manifest.plugins) || manifest.plugins.length === 0) {
      problems.push('"tributary.plugins" must be a non-empty array');
    } else {
      manifest.plugins.forEach((entry, i) => {
        const parsed = parseEntry(entry, `tributary.plugins[${i}]`, problems);
        if (parsed !== null) plugins.push(parsed);
      });
      const seen = new Set<string>();
      for (const p of plugins) {
        const key = `${p.type} ${p.className}`;
        if (seen.has(key)) problems.push(`${p.className} is declared twice as a ${p.kind}`);
        seen.add(key);
      }
    }
  }
  if (problems.length > 0) {
    throw new PluginLoadError('INVALID_MANIFEST', location,
      `Invalid "tributary" manifest in package ${packageName} (${location}): ${problems.join('; ')}`);
  }
  if (!semver.satisfies(runtimeVersion, runtime, { includePrerelease: true })) {
    throw new PluginLoadError('RUNTIME_MISMATCH', location,
      `Package ${packageName}@${packageVersion} (${location}) requires Tributary ${runtime}, but this is Tributary ${runtimeVersion}`);
  }
  return { packageName, packageVersion, runtime, plugins };
}

function parseEntry(entry: unknown, where: string, problems: string[]): ManifestPlugin | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${where} must be an object with "kind", "class" and "export"`);
    return null;
  }
  const { kind, class: className, export: exportName, aliases } = entry as Record<string, unknown>;
  const before = problems.length;
  if (typeof kind !== 'string' || !Object.hasOwn(MANIFEST_KINDS, kind)) {
    problems.push(`${where}.kind must be one of ${Object.keys(MANIFEST_KINDS).join(', ')} (got ${JSON.stringify(kind)})`);
  }
  if (typeof className !== 'string' || !CLASS_NAME.test(className)) {
    problems.push(`${where}.class must be a qualified class name such as "com.acme.MySource" (got ${JSON.stringify(className)})`);
  }
  if (typeof exportName !== 'string' || exportName === '') {
    problems.push(`${where}.export must name an export of the package's entry module`);
  }
  if (aliases !== undefined && (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || a === ''))) {
    problems.push(`${where}.aliases must be an array of non-empty strings`);
  }
  if (problems.length > before) return null;
  return {
    kind: kind as string,
    type: MANIFEST_KINDS[kind as string],
    className: className as string,
    exportName: exportName as string,
    aliases: Object.freeze([...((aliases as string[] | undefined) ?? [])]),
  };
}
