import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogManager } from '../../../../broker/log/log-manager.ts';
import { logConfig } from '../../../../broker/log/log-config.ts';
import { isKafkaUuid } from '../../../../broker/log/kafka-uuid.ts';
import { batchOf, readAllRecords, tempDir } from './log-fixtures.ts';

let root: ReturnType<typeof tempDir>;
let dirs: string[];
beforeEach(() => {
  root = tempDir();
  dirs = [join(root.path, 'a'), join(root.path, 'b')];
});
afterEach(() => root.remove());

const resolveConfig = (overrides: Record<string, string>) =>
  logConfig(overrides['max.message.bytes'] !== undefined ? { maxMessageBytes: Number(overrides['max.message.bytes']) } : {});
const openManager = () => LogManager.open({ logDirs: dirs, nodeId: 1, resolveConfig });

describe('LogManager', () => {
  test('writes meta.properties once and keeps the cluster id across restarts', async () => {
    const first = await openManager();
    expect(isKafkaUuid(first.clusterId)).toBe(true);
    await first.close();
    const text = readFileSync(join(dirs[1], 'meta.properties'), 'utf8');
    expect(text).toMatch(/^version=1$/m);
    expect(text).toMatch(/^node\.id=1$/m);
    expect(text).toContain(`cluster.id=${first.clusterId}`);
    expect(text).toMatch(/^directory\.id=[A-Za-z0-9_-]{22}$/m);
    const second = await openManager();
    expect(second.clusterId).toBe(first.clusterId);
    await second.close();
    await expect(LogManager.open({ logDirs: dirs, nodeId: 2, resolveConfig })).rejects.toMatchObject({ errorName: 'KAFKA_STORAGE_ERROR' });
  });

  test('creates topics spread over the log dirs and reloads them with their data', async () => {
    const manager = await openManager();
    const topic = await manager.createTopic('orders', 4, { 'max.message.bytes': '5000' });
    expect(topic).toMatchObject({ name: 'orders', partitions: 4, overrides: { 'max.message.bytes': '5000' } });
    expect(isKafkaUuid(topic.topicId)).toBe(true);
    expect(readdirSync(dirs[0]).filter((n) => n.startsWith('orders-')).length).toBe(2);
    expect(readdirSync(dirs[1]).filter((n) => n.startsWith('orders-')).length).toBe(2);
    await manager.partition('orders', 3)!.append(batchOf('kept', 2), { acks: -1 });
    await expect(manager.partition('orders', 0)!.append(batchOf('big', 1, { valueBytes: 6000 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'MESSAGE_TOO_LARGE' });
    await manager.close();

    const reopened = await openManager();
    expect(reopened.topics()).toEqual([topic]);
    expect(reopened.topicById(topic.topicId)?.name).toBe('orders');
    const partitionDir = reopened.partition('orders', 3)!.dir;
    expect(readFileSync(join(partitionDir, 'partition.metadata'), 'utf8')).toBe(`version: 0\ntopic_id: ${topic.topicId}\n`);
    expect((await readAllRecords(reopened.partition('orders', 3)!)).map((r) => r.value!.toString())).toEqual(['kept-0', 'kept-1']);
    expect(reopened.partition('orders', 4)).toBeUndefined();
    await reopened.close();
  });

  test('validates topic names and partition counts as Kafka does', async () => {
    const manager = await openManager();
    for (const bad of ['', '.', '..', 'a/b', 'spaces here', 'x'.repeat(250)]) {
      await expect(manager.createTopic(bad, 1, {})).rejects.toMatchObject({ errorName: 'INVALID_TOPIC_EXCEPTION' });
    }
    await manager.createTopic('my.topic', 1, {});
    await expect(manager.createTopic('my.topic', 1, {})).rejects.toMatchObject({ errorName: 'TOPIC_ALREADY_EXISTS' });
    await expect(manager.createTopic('my_topic', 1, {})).rejects.toMatchObject({ errorName: 'INVALID_TOPIC_EXCEPTION' });
    await expect(manager.createTopic('zero', 0, {})).rejects.toMatchObject({ errorName: 'INVALID_PARTITIONS' });
    expect((await manager.createTopic('x'.repeat(249), 1, {})).name.length).toBe(249);
    await manager.close();
  });

  test('deletes topics by renaming to -delete and removing them; adds partitions; alters configs', async () => {
    const manager = await openManager();
    await manager.createTopic('gone', 2, {});
    await manager.createTopic('grows', 1, {});
    await manager.deleteTopic('gone');
    expect(manager.topic('gone')).toBeUndefined();
    await expect(manager.deleteTopic('gone')).rejects.toMatchObject({ errorName: 'UNKNOWN_TOPIC_OR_PARTITION' });

    await expect(manager.createPartitions('grows', 1)).rejects.toMatchObject({ errorName: 'INVALID_PARTITIONS' });
    expect((await manager.createPartitions('grows', 3)).partitions).toBe(3);
    await manager.partition('grows', 2)!.append(batchOf('p2'), { acks: 1 });

    await manager.alterTopicConfig('grows', { 'max.message.bytes': '100' });
    await expect(manager.partition('grows', 1)!.append(batchOf('big', 1, { valueBytes: 200 }), { acks: 1 })).rejects.toMatchObject({ errorName: 'MESSAGE_TOO_LARGE' });
    await manager.close();

    for (const dir of dirs) expect(readdirSync(dir).filter((n) => n.startsWith('gone'))).toEqual([]);
    const reopened = await openManager();
    expect(reopened.topics().map((t) => [t.name, t.partitions, t.overrides])).toEqual([['grows', 3, { 'max.message.bytes': '100' }]]);
    expect(reopened.partition('grows', 2)!.logEndOffset).toBe(1);
    await reopened.close();
    expect(existsSync(join(dirs[0], 'tributary-topics.json'))).toBe(true);
  });

  test('concurrent topic changes are all persisted', async () => {
    const manager = await openManager();
    const names = Array.from({ length: 20 }, (_, i) => `t${i}`);
    await Promise.all(names.map((n) => manager.createTopic(n, 1, {})));
    await Promise.all(names.filter((_, i) => i % 2 === 0).map((n) => manager.deleteTopic(n)));
    await manager.close();
    const reopened = await openManager();
    expect(reopened.topics().map((t) => t.name).sort()).toEqual(names.filter((_, i) => i % 2 === 1).sort());
    await reopened.close();
  });
});
