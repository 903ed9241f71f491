import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { describeInstance, exportProblem } from './plugin-exports.ts';
import { PluginLoadError } from './plugin-load-error.ts';
import { parseManifest, type PluginManifest } from './plugin-manifest.ts';
import type { PluginDescriptor } from './plugin-types.ts';

export interface PluginPathResult {
  descriptors: PluginDescriptor[];
  errors: PluginLoadError[];
}

export interface PluginPathOptions {
  runtimeVersion: string;
  /** Class names already taken (built-ins), with who provides them. */
  taken: ReadonlyMap<string, string>;
  logger: Logger;
}

/**
 * Loads every plugin package found directly in the plugin.path directories (and one level down
 * in `@scope` folders). Packages load in a fixed order (plugin.path order, then name) so that
 * which of two duplicates wins never depends on the file system. A package loads whole or not at
 * all; its failure is recorded and logged, and loading goes on.
 */
export async function loadPluginPath(pluginPath: readonly string[], options: PluginPathOptions): Promise<PluginPathResult> {
  const taken = new Map(options.taken);
  const result: PluginPathResult = { descriptors: [], errors: [] };
  const fail = (error: PluginLoadError): void => {
    result.errors.push(error);
    options.logger.error({ code: error.code, location: error.location, err: error.cause }, error.message);
  };
  for (const entry of pluginPath) {
    let packages: string[];
    try {
      packages = await packageDirectories(resolve(entry));
    } catch (e) {
      fail(new PluginLoadError('PLUGIN_PATH_UNREADABLE', entry, `Cannot read plugin.path entry ${entry}: ${(e as Error).message}`, { cause: e }));
      continue;
    }
    for (const dir of packages) {
      try {
        const loaded = await loadPackage(dir, options.runtimeVersion, taken);
        for (const d of loaded) taken.set(d.className, d.location);
        result.descriptors.push(...loaded);
        options.logger.info({ location: dir, plugins: loaded.map((d) => d.className) }, `Loaded plugin package ${dir}`);
      } catch (e) {
        fail(e instanceof PluginLoadError ? e
          : new PluginLoadError('IMPORT_FAILED', dir, `Could not load plugin package ${dir}: ${(e as Error).message}`, { cause: e }));
      }
    }
  }
  return result;
}

async function packageDirectories(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(root)).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(root, name);
    if (!(await isDirectory(path))) continue;
    if (name.startsWith('@')) {
      for (const inner of (await readdir(path)).sort()) {
        if (await isDirectory(join(path, inner))) out.push(join(path, inner));
      }
    } else {
      out.push(path);
    }
  }
  return out;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function loadPackage(dir: string, runtimeVersion: string, taken: ReadonlyMap<string, string>): Promise<PluginDescriptor[]> {
  const packageJson = await readPackageJson(dir);
  const manifest = parseManifest(dir, packageJson, runtimeVersion);
  for (const plugin of manifest.plugins) {
    const owner = taken.get(plugin.className);
    if (owner !== undefined) {
      throw new PluginLoadError('DUPLICATE_CLASS', dir,
        `Package ${manifest.packageName} (${dir}) declares plugin class ${plugin.className}, which is already provided by ${owner}`);
    }
  }
  const entry = join(dir, entryModule(packageJson));
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(entry).href) as Record<string, unknown>;
  } catch (e) {
    throw new PluginLoadError('IMPORT_FAILED', dir,
      `Could not import the entry module ${entry} of package ${manifest.packageName}: ${(e as Error).message}`, { cause: e });
  }
  return manifest.plugins.map((plugin) => describeExport(dir, manifest, plugin, module, entry));
}

async function readPackageJson(dir: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8');
  } catch (e) {
    throw new PluginLoadError('MISSING_PACKAGE_JSON', dir, `Plugin directory ${dir} has no package.json; every entry of plugin.path must be an npm package`, { cause: e });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new PluginLoadError('INVALID_MANIFEST', dir, `The package.json of ${dir} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** The package's ES module entry: `exports` (a string, or `.` with `import`/`default`), else `main`, else index.js. */
function entryModule(packageJson: Record<string, unknown>): string {
  const exportsField = packageJson.exports;
  const dot = typeof exportsField === 'object' && exportsField !== null ? (exportsField as Record<string, unknown>)['.'] : exportsField;
  if (typeof dot === 'string') return dot;
  if (typeof dot === 'object' && dot !== null) {
    const conditions = dot as Record<string, unknown>;
    for (const condition of ['import', 'default']) if (typeof conditions[condition] === 'string') return conditions[condition] as string;
  }
  return typeof packageJson.main === 'string' ? packageJson.main : 'index.js';
}

function describeExport(
  dir: string, manifest: PluginManifest, plugin: PluginManifest['plugins'][number], module: Record<string, unknown>, entry: string,
): PluginDescriptor {
  const exported = module[plugin.exportName];
  if (exported === undefined) {
    throw new PluginLoadError('MISSING_EXPORT', dir,
      `Package ${manifest.packageName} declares plugin ${plugin.className} as export "${plugin.exportName}", but ${entry} has no such export`);
  }
  const problem = exportProblem(exported, plugin.type);
  if (problem !== null) {
    throw new PluginLoadError('INVALID_EXPORT', dir,
      `Export "${plugin.exportName}" of package ${manifest.packageName} (plugin ${plugin.className}, kind ${plugin.kind}) ${problem}`);
  }
  const ctor = exported as new () => unknown;
  let described;
  try {
    described = describeInstance(ctor, manifest.packageVersion);
  } catch (e) {
    throw new PluginLoadError('INVALID_EXPORT', dir,
      `Could not instantiate ${plugin.className} from package ${manifest.packageName}: ${(e as Error).message}`, { cause: e });
  }
  return Object.freeze({
    className: plugin.className,
    type: plugin.type,
    version: described.version,
    declaredAliases: plugin.aliases,
    location: dir,
    create: () => new ctor(),
    configDef: described.configDef,
  });
}
