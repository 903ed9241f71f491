import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResolver } from '../../../../../runtime/config/providers/config-resolver.ts';
import { DirectoryConfigProvider } from '../../../../../runtime/config/providers/directory-config-provider.ts';
import { EnvVarConfigProvider } from '../../../../../runtime/config/providers/env-var-config-provider.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-providers-'));
  writeFileSync(join(dir, 'db.properties'), 'user=admin\npassword=s3cret\n');
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets', 'api-key'), 'key-123\n');
  mkdirSync(join(dir, 'secrets', 'nested'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ConfigResolver', () => {
  test('resolves file, directory and env references configured like Kafka workers', async () => {
    process.env.TRIBUTARY_TEST_TOKEN = 'tok';
    const resolver = ConfigResolver.fromWorkerConfig({
      'config.providers': 'file,dir,env',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    });
    const { data } = await resolver.resolve({
      'connection.url': 'jdbc:postgresql://${file:' + join(dir, 'db.properties') + ':user}@host',
      'connection.password': '${file:' + join(dir, 'db.properties') + ':password}',
      'api.key': '${dir:' + join(dir, 'secrets') + ':api-key}',
      token: '${env:TRIBUTARY_TEST_TOKEN}',
      untouched: '${unknown:path:key} and ${file:' + join(dir, 'db.properties') + ':missing}',
      plain: 'no references',
    });
    delete process.env.TRIBUTARY_TEST_TOKEN;
    expect(data).toEqual({
      'connection.url': 'jdbc:postgresql://admin@host',
      'connection.password': 's3cret',
      'api.key': 'key-123\n',
      token: 'tok',
      untouched: '${unknown:path:key} and ${file:' + join(dir, 'db.properties') + ':missing}',
      plain: 'no references',
    });
  });

  test('allowed.paths refuses files outside the allowed directories', async () => {
    const resolver = ConfigResolver.fromWorkerConfig({
      'config.providers': 'file',
      'config.providers.file.class': 'FileConfigProvider',
      'config.providers.file.param.allowed.paths': join(dir, 'secrets'),
    });
    await expect(resolver.resolve({ p: '${file:' + join(dir, 'db.properties') + ':password}' }))
      .rejects.toThrow('is not allowed to be accessed');
  });

  test('a provider without a known class is a config error', () => {
    expect(() => ConfigResolver.fromWorkerConfig({ 'config.providers': 'vault' })).toThrow('config.providers.vault.class');
    expect(() => ConfigResolver.fromWorkerConfig({ 'config.providers': 'x', 'config.providers.x.class': 'com.Nope' }))
      .toThrow('Unknown config provider class');
  });

  test('providers pass TTLs through per config key', async () => {
    const resolver = new ConfigResolver(new Map([['vault', {
      configure: () => {}, close: () => {},
      get: async (_path: string, keys?: ReadonlySet<string>) => ({ data: Object.fromEntries([...keys!].map((k) => [k, k.toUpperCase()])), ttl: 5000 }),
    }]]));
    expect(await resolver.resolve({ a: '${vault:secret/db:user}', b: 'x' })).toEqual({ data: { a: 'USER', b: 'x' }, ttls: { a: 5000 } });
  });
});

describe('individual providers', () => {
  test('env provider refuses a path and honours allowlist.pattern', async () => {
    const env = new EnvVarConfigProvider({ A_ONE: '1', B_TWO: '2' });
    env.configure({ 'allowlist.pattern': 'A_.*' });
    expect((await env.get('')).data).toEqual({ A_ONE: '1' });
    await expect(env.get('/x')).rejects.toThrow('Path is not supported for EnvVarConfigProvider');
  });

  test('directory provider reads regular files only', async () => {
    const provider = new DirectoryConfigProvider();
    provider.configure({});
    expect((await provider.get(join(dir, 'secrets'))).data).toEqual({ 'api-key': 'key-123\n' });
  });
});
