// The leader's incremental cooperative assignment (KIP-415, Kafka's IncrementalCooperativeAssignor):
// - work that is running where it should keeps running: members only receive what is new to them
//   and what they must stop (revoked); nothing else moves;
// - to rebalance onto a new worker, the leader first revokes the excess from loaded workers; the
//   members stop it and rejoin at once, and the follow-up round assigns it;
// - work of a member that vanished ("lost") is held for scheduled.rebalance.max.delay.ms so a
//   bouncing worker gets it back; after the delay it goes to the workers that joined meanwhile, or
//   is spread like new work;
// - work a worker released gracefully (it stopped its tasks and left the group) moves at once
//   (`released`, which the herder learns from the UNASSIGNED statuses the worker wrote first).
// The assignor is stateful across rounds, like Kafka's: it remembers the previous assignment while
// the leader stays the same and generations follow each other.
import type { ConnectorTaskId } from '../herder/herder-entities.ts';
import { ASSIGNMENT_NO_ERROR, type ConnectAssignment, type WorkerState } from './connect-protocol.ts';
import { ConnectorsAndTasks, compareTasks } from './connectors-and-tasks.ts';
import { assignConnectors, assignTasks, loadBalancingRevocations, WorkerLoad } from './worker-load.ts';

export interface AssignmentRound {
  leaderId: string;
  leaderUrl: string;
  /** The config topic offset the assignment corresponds to (the leader has read up to it). */
  configOffset: number;
  /** Every connector and task configured at that offset. */
  configured: ConnectorsAndTasks;
  /** Member id → its metadata (URL, config offset, what it runs now). */
  members: ReadonlyMap<string, WorkerState>;
  generation: number;
  /** The generation of the leader's last completed rebalance (-1: none). */
  lastCompletedGeneration: number;
  protocolVersion: number;
  /** Of the lost work, what its owner stopped cleanly before leaving: reassigned without delay. */
  released?: ConnectorsAndTasks;
}

export interface AssignorOptions {
  /** scheduled.rebalance.max.delay.ms */
  maxDelayMs: number;
  now?: () => number;
}

export class IncrementalCooperativeAssignor {
  readonly #maxDelay: number;
  readonly #now: () => number;
  #previousAssignment = new ConnectorsAndTasks();
  #previousRevocation = new ConnectorsAndTasks();
  #previousGeneration = -1;
  #previousMembers = new Set<string>();
  #scheduledRebalance = 0;
  #delay = 0;
  readonly #candidates = new Set<string>();

  constructor(options: AssignorOptions) {
    this.#maxDelay = options.maxDelayMs;
    this.#now = options.now ?? Date.now;
  }

  assign(round: AssignmentRound): Map<string, ConnectAssignment> {
    if (this.#previousGeneration !== round.lastCompletedGeneration) {
      // Another leader (or a failed round) came in between: our view of "previous" is stale.
      this.#previousAssignment = new ConnectorsAndTasks();
    }
    const memberAssignments = new Map([...round.members].map(([id, s]) => [id, ConnectorsAndTasks.of(s.assignment?.connectors, s.assignment?.tasks)]));
    const active = new ConnectorsAndTasks();
    for (const a of memberAssignments.values()) active.addAll(a);

    // A revocation that did not take effect (the member still reports it): start over from what runs.
    if (!this.#previousRevocation.isEmpty()) {
      if ([...this.#previousRevocation.connectors].some((c) => active.connectors.has(c)) || this.#previousRevocation.tasks.some((t) => active.hasTask(t))) {
        this.#previousAssignment = active.copy();
      }
      this.#previousRevocation = new ConnectorsAndTasks();
    }

    const deleted = this.#previousAssignment.minus(round.configured).addAll(active.minus(round.configured));
    const lost = this.#previousAssignment.minus(active, deleted);
    const created = round.configured.minus(this.#previousAssignment, active);
    const duplicated = duplicates(memberAssignments);

    const toRevoke = new Map<string, ConnectorsAndTasks>();
    const revoke = (worker: string, what: ConnectorsAndTasks) => {
      if (what.isEmpty()) return;
      const entry = toRevoke.get(worker) ?? new ConnectorsAndTasks();
      toRevoke.set(worker, entry.addAll(what));
    };
    for (const [worker, a] of memberAssignments) {
      revoke(worker, a.intersect(deleted));
      revoke(worker, a.intersect(duplicated));
    }

    const workers = [...memberAssignments].map(([worker, a]) => {
      const kept = a.minus(deleted, toRevoke.get(worker) ?? new ConnectorsAndTasks());
      return new WorkerLoad(worker, kept.connectors, kept.tasks);
    });
    const current = new Map(workers.map((w) => [w.worker, ConnectorsAndTasks.of(w.connectors, w.tasks)]));

    const reassignNow = this.#handleLost(lost, round.released ?? new ConnectorsAndTasks(), workers);
    if (this.#delay === 0) {
      const lb = loadBalancingRevocations(round.configured.connectors.size, round.configured.tasks.length, workers);
      for (const [worker, connectors] of lb.connectors) revoke(worker, ConnectorsAndTasks.of(connectors));
      for (const [worker, tasks] of lb.tasks) revoke(worker, ConnectorsAndTasks.of([], tasks));
    }

    const toAssign = created.addAll(reassignNow);
    assignConnectors(workers, [...toAssign.connectors].sort());
    assignTasks(workers, toAssign.tasks.sort(compareTasks));

    const next = new ConnectorsAndTasks();
    for (const w of workers) next.addAll(ConnectorsAndTasks.of(w.connectors, w.tasks));
    for (const revoked of toRevoke.values()) {
      next.removeAll(revoked);
      this.#previousRevocation.addAll(revoked);
    }
    this.#previousAssignment = next.addAll(lost);
    this.#previousGeneration = round.generation;
    this.#previousMembers = new Set(memberAssignments.keys());

    const out = new Map<string, ConnectAssignment>();
    for (const w of workers) {
      const had = current.get(w.worker)!;
      const revoked = toRevoke.get(w.worker) ?? new ConnectorsAndTasks();
      out.set(w.worker, {
        version: round.protocolVersion, error: ASSIGNMENT_NO_ERROR, leader: round.leaderId, leaderUrl: round.leaderUrl,
        configOffset: round.configOffset,
        connectors: w.connectors.filter((c) => !had.connectors.has(c)),
        tasks: w.tasks.filter((t) => !had.hasTask(t)),
        revokedConnectors: [...revoked.connectors], revokedTasks: revoked.tasks,
        delay: this.#delay,
      });
    }
    return out;
  }

  /** The lost work to place in this round; schedules (or keeps counting down) the delay otherwise. */
  #handleLost(lost: ConnectorsAndTasks, released: ConnectorsAndTasks, workers: WorkerLoad[]): ConnectorsAndTasks {
    const now = lost.intersect(released);
    const waiting = lost.minus(released);
    if (waiting.isEmpty()) {
      this.#resetDelay();
      return now;
    }
    const present = new Set(workers.map((w) => w.worker));
    if (this.#scheduledRebalance <= 0 && [...this.#previousMembers].every((m) => present.has(m))) {
      // Nobody left: the work went missing because a member missed the last assignment.
      return now.addAll(waiting);
    }
    if (this.#maxDelay === 0) return now.addAll(waiting);

    const clock = this.#now();
    if (this.#scheduledRebalance > 0 && clock >= this.#scheduledRebalance) {
      // The delay is over: the workers that joined empty in the meantime take the lost work over.
      const candidates = workers.filter((w) => this.#candidates.has(w.worker)).sort((a, b) => (a.worker < b.worker ? -1 : 1));
      if (candidates.length === 0) now.addAll(waiting);
      else {
        [...waiting.connectors].sort().forEach((c, i) => candidates[i % candidates.length].connectors.push(c));
        waiting.tasks.sort(compareTasks).forEach((t, i) => candidates[i % candidates.length].tasks.push(t));
      }
      this.#resetDelay();
      return now;
    }
    for (const w of workers) if (w.connectors.length === 0 && w.tasks.length === 0) this.#candidates.add(w.worker);
    this.#delay = this.#scheduledRebalance > clock ? this.#scheduledRebalance - clock : this.#maxDelay;
    this.#scheduledRebalance = clock + this.#delay;
    return now;
  }

  #resetDelay(): void {
    this.#candidates.clear();
    this.#delay = 0;
    this.#scheduledRebalance = 0;
  }
}

/** Connectors and tasks that more than one member runs (all their copies are revoked). */
function duplicates(memberAssignments: ReadonlyMap<string, ConnectorsAndTasks>): ConnectorsAndTasks {
  const seen = new ConnectorsAndTasks();
  const dup = new ConnectorsAndTasks();
  for (const a of memberAssignments.values()) {
    for (const c of a.connectors) (seen.connectors.has(c) ? dup.connectors : seen.connectors).add(c);
    for (const t of a.tasks) {
      if (seen.hasTask(t)) dup.addTask(t);
      else seen.addTask(t);
    }
  }
  return dup;
}

/** Every connector and task of a config snapshot. */
export function configuredWork(connectors: Iterable<string>, taskCounts: ReadonlyMap<string, number>): ConnectorsAndTasks {
  const names = [...connectors].sort();
  const tasks: ConnectorTaskId[] = [];
  for (const c of names) for (let task = 0; task < (taskCounts.get(c) ?? 0); task++) tasks.push({ connector: c, task });
  return ConnectorsAndTasks.of(names, tasks);
}
