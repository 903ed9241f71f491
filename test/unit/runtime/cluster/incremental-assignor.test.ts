// The incremental cooperative assignor through the scenarios of Kafka's
// IncrementalCooperativeAssignorTest: 2 connectors with 4 tasks each, worker1 the leader,
// totals per round as (connectors assigned, tasks assigned, connectors revoked, tasks revoked).
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { ConnectAssignment, WorkerState } from '../../../../runtime/cluster/connect-protocol.ts';
import { ConnectorsAndTasks } from '../../../../runtime/cluster/connectors-and-tasks.ts';
import { configuredWork, IncrementalCooperativeAssignor } from '../../../../runtime/cluster/incremental-assignor.ts';

const DELAY = 300_000;
type Running = { connectors: string[]; tasks: Array<{ connector: string; task: number }> };

class Cluster {
  clock = 1_000_000;
  generation = 0;
  lastCompleted = -1;
  configured = configuredWork(['connector1', 'connector2'], new Map([['connector1', 4], ['connector2', 4]]));
  readonly running = new Map<string, Running>();
  assignor = new IncrementalCooperativeAssignor({ maxDelayMs: DELAY, now: () => this.clock });
  leader = 'worker1';
  last = new Map<string, ConnectAssignment>();

  join(...workers: string[]) { for (const w of workers) this.running.set(w, { connectors: [], tasks: [] }); }
  leave(worker: string) { this.running.delete(worker); }

  /** One rebalance: members report what they run, the leader assigns, members apply it. */
  rebalance(released?: ConnectorsAndTasks): [number, number, number, number] {
    this.generation++;
    const members = new Map<string, WorkerState>([...this.running].map(([w, r]) => [w, {
      url: `http://${w}:8083/`, configOffset: 10,
      assignment: { version: 1, error: 0, leader: this.leader, leaderUrl: '', configOffset: 10, ...r, revokedConnectors: [], revokedTasks: [], delay: 0 },
    }]));
    this.last = this.assignor.assign({
      leaderId: this.leader, leaderUrl: `http://${this.leader}:8083/`, configOffset: 10, configured: this.configured, members,
      generation: this.generation, lastCompletedGeneration: this.lastCompleted, protocolVersion: 1, released,
    });
    this.lastCompleted = this.generation;
    const totals: [number, number, number, number] = [0, 0, 0, 0];
    for (const [w, a] of this.last) {
      const r = this.running.get(w)!;
      r.connectors = [...r.connectors.filter((c) => !a.revokedConnectors.includes(c)), ...a.connectors];
      r.tasks = [...r.tasks.filter((t) => !a.revokedTasks.some((x) => x.connector === t.connector && x.task === t.task)), ...a.tasks];
      totals[0] += a.connectors.length; totals[1] += a.tasks.length;
      totals[2] += a.revokedConnectors.length; totals[3] += a.revokedTasks.length;
    }
    return totals;
  }

  delays(): number[] { return [...this.last.values()].map((a) => a.delay); }
  load(worker: string): [number, number] { const r = this.running.get(worker)!; return [r.connectors.length, r.tasks.length]; }
}

let c: Cluster;
beforeEach(() => { c = new Cluster(); });

describe('workers joining', () => {
  test('a second worker: revoke half first, then assign it; a further round changes nothing', () => {
    c.join('worker1');
    expect(c.rebalance()).toEqual([2, 8, 0, 0]);
    c.join('worker2');
    expect(c.rebalance()).toEqual([0, 0, 1, 4]);
    expect(c.rebalance()).toEqual([1, 4, 0, 0]);
    expect(c.rebalance()).toEqual([0, 0, 0, 0]);
    expect([c.load('worker1'), c.load('worker2')]).toEqual([[1, 4], [1, 4]]);
    expect(c.delays()).toEqual([0, 0]);
  });

  test('third and fourth workers joining right after revocations (Kafka: WorkerJoinAfterRevocation)', () => {
    c.join('worker1');
    c.rebalance();
    c.join('worker2');
    expect(c.rebalance()).toEqual([0, 0, 1, 4]);
    c.join('worker3');
    expect(c.rebalance()).toEqual([1, 4, 0, 1]);
    c.join('worker4');
    expect(c.rebalance()).toEqual([0, 1, 0, 1]);
    expect(c.rebalance()).toEqual([0, 1, 0, 0]);
    expect(c.rebalance()).toEqual([0, 0, 0, 0]);
    expect(['worker1', 'worker2', 'worker3', 'worker4'].map((w) => c.load(w)[1])).toEqual([2, 2, 2, 2]);
  });

  test('unaffected work is never revoked: 3 workers with 8 tasks, a fourth joins', () => {
    c.join('worker1', 'worker2', 'worker3');
    c.rebalance();
    const before = new Map([...c.running].map(([w, r]) => [w, r.tasks.map((t) => `${t.connector}-${t.task}`)]));
    c.join('worker4');
    const [, , , revokedTasks] = c.rebalance();
    c.rebalance();
    // Only the excess moved; every other task stayed on its worker throughout.
    const stayed = [...before].flatMap(([w, ts]) => ts.filter((t) => c.running.get(w)!.tasks.some((x) => `${x.connector}-${x.task}` === t)));
    expect(revokedTasks).toBe(2);
    expect(stayed).toHaveLength(6);
    expect(c.load('worker4')[1]).toBe(2);
  });
});

describe('workers leaving', () => {
  test('a follower leaves for good: its work waits for the delay, then moves (Kafka: WorkerLeavesPermanently)', () => {
    c.join('worker1', 'worker2');
    expect(c.rebalance()).toEqual([2, 8, 0, 0]);
    c.leave('worker2');
    expect(c.rebalance()).toEqual([0, 0, 0, 0]);
    expect(c.delays()).toEqual([DELAY]);
    c.clock += DELAY / 2;
    expect(c.rebalance()).toEqual([0, 0, 0, 0]);
    expect(c.delays()).toEqual([DELAY / 2]);
    c.clock += DELAY / 2 + 1;
    expect(c.rebalance()).toEqual([1, 4, 0, 0]);
    expect(c.delays()).toEqual([0]);
    expect(c.load('worker1')).toEqual([2, 8]);
  });

  test('a follower bounces within the delay and gets its own work back (Kafka: WorkerBounces)', () => {
    c.join('worker1', 'worker2');
    c.rebalance();
    const worker2Had = { ...c.running.get('worker2')! };
    c.leave('worker2');
    c.rebalance();
    c.clock += DELAY / 4;
    c.join('worker2');
    expect(c.rebalance()).toEqual([0, 0, 0, 0]);
    expect(c.delays()).toEqual([DELAY * 3 / 4, DELAY * 3 / 4]);
    c.clock += DELAY * 3 / 4;
    expect(c.rebalance()).toEqual([1, 4, 0, 0]);
    expect(c.running.get('worker2')!.tasks).toEqual(worker2Had.tasks);
    expect(c.running.get('worker2')!.connectors).toEqual(worker2Had.connectors);
  });

  test('work released gracefully moves at once, without the delay', () => {
    c.join('worker1', 'worker2');
    c.rebalance();
    const released = ConnectorsAndTasks.of(c.running.get('worker2')!.connectors, c.running.get('worker2')!.tasks);
    c.leave('worker2');
    expect(c.rebalance(released)).toEqual([1, 4, 0, 0]);
    expect(c.delays()).toEqual([0]);
  });

  test('the leader leaves: the new leader has no previous view and assigns what is unassigned at once (Kafka: LeaderLeavesPermanently)', () => {
    c.join('worker1', 'worker2', 'worker3');
    c.rebalance();
    c.leave('worker1');
    c.leader = 'worker2';
    c.assignor = new IncrementalCooperativeAssignor({ maxDelayMs: DELAY, now: () => c.clock });
    const [connectors, tasks] = c.rebalance();
    expect([connectors, tasks]).toEqual([1, 3]);
    expect(c.delays()).toEqual([0, 0]);
    expect(c.load('worker2')[1] + c.load('worker3')[1]).toBe(8);
  });

  test('scheduled.rebalance.max.delay.ms=0 reassigns lost work immediately', () => {
    c.assignor = new IncrementalCooperativeAssignor({ maxDelayMs: 0, now: () => c.clock });
    c.join('worker1', 'worker2');
    c.rebalance();
    c.leave('worker2');
    expect(c.rebalance()).toEqual([1, 4, 0, 0]);
  });
});

describe('configuration changes', () => {
  test('a deleted connector is revoked from whoever runs it; a new one goes to the least loaded', () => {
    c.join('worker1', 'worker2');
    c.rebalance();
    c.configured = configuredWork(['connector1', 'connector3'], new Map([['connector1', 4], ['connector3', 2]]));
    const [assignedC, assignedT, revokedC, revokedT] = c.rebalance();
    expect([assignedC, assignedT, revokedC, revokedT]).toEqual([1, 2, 1, 4]);
    const all = [...c.running.values()].flatMap((r) => r.tasks.map((t) => t.connector));
    expect(all.filter((x) => x === 'connector2')).toEqual([]);
    expect(all.filter((x) => x === 'connector3')).toHaveLength(2);
  });

  test('a task run by two workers is revoked from both, then assigned once', () => {
    c.join('worker1', 'worker2');
    c.rebalance();
    const t = c.running.get('worker1')!.tasks[0];
    c.running.get('worker2')!.tasks.push(t);
    const [, , , revoked] = c.rebalance();
    expect(revoked).toBe(2);
    c.rebalance();
    const owners = [...c.running.values()].filter((r) => r.tasks.some((x) => x.connector === t.connector && x.task === t.task));
    expect(owners).toHaveLength(1);
  });
});
