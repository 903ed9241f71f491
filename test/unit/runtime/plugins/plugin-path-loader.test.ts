import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceRecord, type SourceTask } from '../../../../runtime/api/index.ts';
import { PluginRegistry, type PluginLoadErrorCode } from '../../../../runtime/plugins/index.ts';

const REPO = join(import.meta.dirname, '..', '..', '..', '..');
const FIXTURE = join(REPO, 'test', 'fixtures', 'plugins', 'plugin-path', 'acme-counter');
let root: string;

/** A plugin.path directory whose node_modules/tributary links to this repository (Jest does not run the worker's resolve hook). */
function pluginDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(dir, 'node_modules', 'tributary'), 'dir');
  return dir;
}

/** A copy of the fixture package with its package.json changed by `edit`. */
function addPackage(dir: string, name: string, edit: (pkg: Record<string, any>) => void = () => {}, indexJs?: string): string {
  const target = join(dir, name);
  cpSync(FIXTURE, target, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
  pkg.name = name;
  edit(pkg);
  writeFileSync(join(target, 'package.json'), JSON.stringify(pkg));
  if (indexJs !== undefined) writeFileSync(join(target, 'index.js'), indexJs);
  return target;
}

const renameClasses = (prefix: string) => (pkg: Record<string, any>): void => {
  for (const p of pkg.tributary.plugins) p.class = p.class.replace('com.acme.', prefix);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-plugin-path-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('plugin.path loading', () => {
  test('the fixture package is listed, instantiated and its SourceTask polled', async () => {
    const dir = pluginDir('good');
    addPackage(dir, 'acme-counter');
    const registry = await PluginRegistry.load({ pluginPath: dir });
    expect(registry.loadErrors).toEqual([]);
    expect(registry.pluginInfos(false).filter((p) => p.class.startsWith('com.acme.'))).toEqual([
      { class: 'com.acme.CounterSourceConnector', type: 'source', version: '1.2.3' },
      { class: 'com.acme.UppercaseValue', type: 'transformation', version: '1.2.3' },
    ]);
    expect(registry.get('CounterSource', ['source']).location).toBe(join(dir, 'acme-counter'));
    expect(registry.get('com.acme.CounterSourceConnector', ['source']).configDef().names()).toEqual(['topic', 'count.per.poll']);

    const connector = registry.newConnector('CounterSource');
    connector.start({ topic: 'counts', 'count.per.poll': '2' });
    const task = new (connector.taskClass())() as SourceTask;
    task.initialize({
      configs: () => ({}),
      offsetStorageReader: () => ({ offset: async () => ({ n: 9n }), offsets: async () => [] }),
      transactionContext: () => null,
    });
    await task.start((await connector.taskConfigs(1))[0]);
    const records = (await task.poll())!;
    expect(records[0]).toBeInstanceOf(SourceRecord);
    expect(records.map((r) => [r.topic, r.key, r.value, r.sourceOffset])).toEqual([
      ['counts', 10n, 'count 10', { n: 10n }], ['counts', 11n, 'count 11', { n: 11n }],
    ]);
    const shout = registry.newTransformation('Shout');
    expect(shout.apply(records[0])!.value).toBe('COUNT 10');
  });

  test('plain Node resolves the plugin\'s "tributary" imports through the worker\'s hook', () => {
    const run = spawnSync(process.execPath, [join(REPO, 'test', 'fixtures', 'plugins', 'run-plugin-path.ts')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      plugins: [
        { class: 'com.acme.CounterSourceConnector', type: 'source', version: '1.2.3' },
        { class: 'com.acme.UppercaseValue', type: 'transformation', version: '1.2.3' },
      ],
      errors: [],
      values: ['count 42', 'count 43'],
    });
  });

  const cases: Array<[string, PluginLoadErrorCode, RegExp, (dir: string) => void]> = [
    ['no package.json', 'MISSING_PACKAGE_JSON', /has no package\.json; every entry of plugin\.path must be an npm package/,
      (dir) => mkdirSync(join(dir, 'bad'))],
    ['no manifest', 'MISSING_MANIFEST', /^Package bad \(.*\) has no "tributary" manifest in its package\.json/,
      (dir) => addPackage(dir, 'bad', (p) => { delete p.tributary; })],
    ['an invalid manifest', 'INVALID_MANIFEST',
      /^Invalid "tributary" manifest in package bad \(.*\): tributary\.plugins\[0\]\.kind must be one of source, sink, transformation, predicate, converter, header-converter, config-provider \(got "widget"\); tributary\.plugins\[1\]\.class must be a qualified class name/,
      (dir) => addPackage(dir, 'bad', (p) => { p.tributary.plugins[0].kind = 'widget'; p.tributary.plugins[1].class = 'not a class'; })],
    ['a runtime range that excludes us', 'RUNTIME_MISMATCH', /^Package bad@1\.2\.3 \(.*\) requires Tributary \^2\.0\.0, but this is Tributary 0\.1\.0$/,
      (dir) => addPackage(dir, 'bad', (p) => { p.tributary.runtime = '^2.0.0'; })],
    ['a missing export', 'MISSING_EXPORT', /^Package bad declares plugin com\.bad\.CounterSourceConnector as export "Nope", but .*index\.js has no such export$/,
      (dir) => addPackage(dir, 'bad', (p) => { renameClasses('com.bad.')(p); p.tributary.plugins[0].export = 'Nope'; })],
    ['an export of the wrong kind', 'INVALID_EXPORT', /^Export "UppercaseValue" of package bad \(plugin com\.bad\.CounterSourceConnector, kind source\) is not a SourceConnector subclass/,
      (dir) => addPackage(dir, 'bad', (p) => { renameClasses('com.bad.')(p); p.tributary.plugins[0].export = 'UppercaseValue'; })],
    ['a class a built-in already has', 'DUPLICATE_CLASS',
      /^Package bad \(.*\) declares plugin class org\.apache\.kafka\.connect\.file\.FileStreamSourceConnector, which is already provided by built-in$/,
      (dir) => addPackage(dir, 'bad', (p) => { p.tributary.plugins[0].class = 'org.apache.kafka.connect.file.FileStreamSourceConnector'; })],
    ['an entry module that throws', 'IMPORT_FAILED', /^Could not import the entry module .*index\.js of package bad: boom$/,
      (dir) => addPackage(dir, 'bad', renameClasses('com.bad.'), "throw new Error('boom');\n")],
  ];

  test.each(cases)('a package with %s is reported and the good one beside it still loads', async (_what, code, message, makeBad) => {
    const dir = pluginDir(`case-${code}`);
    addPackage(dir, 'acme-counter');
    makeBad(dir);
    const logged: string[] = [];
    const logger = { error: (_o: unknown, m: string) => logged.push(m), info: () => {}, warn: () => {}, debug: () => {} };
    const registry = await PluginRegistry.load({ pluginPath: [dir], logger: logger as never });
    expect(registry.loadErrors.map((e) => [e.code, e.location])).toEqual([[code, join(dir, 'bad')]]);
    expect(registry.loadErrors[0].message).toMatch(message);
    expect(logged).toEqual([registry.loadErrors[0].message]);
    expect(registry.find('CounterSource', ['source'])?.location).toBe(join(dir, 'acme-counter'));
  });

  test('the second package declaring a class already loaded from plugin.path is refused', async () => {
    const dir = pluginDir('duplicates');
    addPackage(dir, 'a-first');
    addPackage(dir, 'b-second');
    const registry = await PluginRegistry.load({ pluginPath: [dir] });
    expect(registry.loadErrors.map((e) => e.message)).toEqual([
      `Package b-second (${join(dir, 'b-second')}) declares plugin class com.acme.CounterSourceConnector, which is already provided by ${join(dir, 'a-first')}`,
    ]);
    expect(registry.get('com.acme.CounterSourceConnector', ['source']).location).toBe(join(dir, 'a-first'));
  });

  test('an unreadable plugin.path entry is reported, not thrown', async () => {
    const registry = await PluginRegistry.load({ pluginPath: [join(root, 'does-not-exist')] });
    expect(registry.loadErrors.map((e) => e.code)).toEqual(['PLUGIN_PATH_UNREADABLE']);
    expect(registry.find('FileStreamSource', ['source'])).toBeDefined();
  });
});
