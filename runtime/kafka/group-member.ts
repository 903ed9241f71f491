// Membership of a classic-protocol group with opaque metadata and assignments (what the Connect
// worker group needs: protocol type `connect`, which @platformatic/kafka's Consumer cannot use).
// Built on the library's low-level calls: FindCoordinator v6, JoinGroup v9, SyncGroup v5,
// Heartbeat v4, LeaveGroup v5. No group logic lives here: callers decide when to join, what to
// assign and how to react to the error codes.
//
// Two connections to the coordinator: a JoinGroup can be parked by the coordinator for up to the
// rebalance timeout and a connection answers in order, so heartbeats get their own connection.
import { Connection, findCoordinatorV6, heartbeatV4, joinGroupV9, leaveGroupV5, syncGroupV5 } from '@platformatic/kafka';
import type { ClientOptions } from './client-config.ts';

export interface GroupMemberSettings {
  readonly groupId: string;
  readonly protocolType: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
}

export interface JoinedGroup {
  readonly generation: number;
  readonly memberId: string;
  readonly leaderId: string;
  readonly protocolName: string;
  /** Filled for the leader only: every member's metadata for the chosen protocol. */
  readonly members: ReadonlyArray<{ readonly memberId: string; readonly metadata: Buffer }>;
}

/** Kafka error codes a group member reacts to. */
export const GROUP_ERRORS = {
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  ILLEGAL_GENERATION: 22,
  UNKNOWN_MEMBER_ID: 25,
  REBALANCE_IN_PROGRESS: 27,
  MEMBER_ID_REQUIRED: 79,
} as const;

/** A group call answered with a Kafka error code (0 never). */
export class GroupCallError extends Error {
  override readonly name = 'GroupCallError';
  readonly errorCode: number;
  constructor(api: string, errorCode: number, cause?: unknown) {
    super(`${api} failed with Kafka error code ${errorCode}`, { cause });
    this.errorCode = errorCode;
  }
}

function errorCodeOf(error: unknown): number | null {
  const code = (error as { response?: { errorCode?: unknown } })?.response?.errorCode;
  return typeof code === 'number' && code !== 0 ? code : null;
}

export class GroupMemberClient {
  readonly #options: ClientOptions;
  readonly #settings: GroupMemberSettings;
  #memberId = '';
  #main: Connection | null = null;
  #beat: Connection | null = null;

  constructor(options: ClientOptions, settings: GroupMemberSettings) {
    this.#options = options;
    this.#settings = settings;
  }

  get memberId(): string {
    return this.#memberId;
  }

  /** Joins (or rejoins) with the given protocols in preference order; KIP-394's member id round trip included. */
  async join(protocols: ReadonlyArray<{ name: string; metadata: Buffer }>, reason: string | null = null): Promise<JoinedGroup> {
    const main = await this.#connections().then(([m]) => m);
    const { groupId, sessionTimeoutMs, rebalanceTimeoutMs, protocolType } = this.#settings;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await joinGroupV9.api.async(main, groupId, sessionTimeoutMs, rebalanceTimeoutMs, this.#memberId, null, protocolType,
          protocols.map((p) => ({ name: p.name, metadata: p.metadata })), reason);
        this.#memberId = r.memberId;
        return { generation: r.generationId, memberId: r.memberId, leaderId: r.leader, protocolName: r.protocolName ?? '', members: r.members };
      } catch (error) {
        const code = errorCodeOf(error);
        const response = (error as { response?: { memberId?: string } }).response;
        if (code === GROUP_ERRORS.MEMBER_ID_REQUIRED && attempt === 0 && response?.memberId) {
          this.#memberId = response.memberId;
          continue;
        }
        throw this.#fail('JoinGroup', code, error);
      }
    }
  }

  /** The leader passes every member's assignment, the others none; resolves with this member's. */
  async sync(generation: number, protocolName: string, assignments: ReadonlyMap<string, Buffer>): Promise<Buffer> {
    const [main] = await this.#connections();
    try {
      const r = await syncGroupV5.api.async(main, this.#settings.groupId, generation, this.#memberId, null, this.#settings.protocolType, protocolName,
        [...assignments].map(([memberId, assignment]) => ({ memberId, assignment })));
      return r.assignment;
    } catch (error) {
      throw this.#fail('SyncGroup', errorCodeOf(error), error);
    }
  }

  async heartbeat(generation: number): Promise<void> {
    const [, beat] = await this.#connections();
    try {
      await heartbeatV4.api.async(beat, this.#settings.groupId, generation, this.#memberId, null);
    } catch (error) {
      throw this.#fail('Heartbeat', errorCodeOf(error), error);
    }
  }

  /** Leaves the group so the coordinator rebalances at once instead of after the session timeout. */
  async leave(reason: string): Promise<void> {
    if (this.#memberId === '') return;
    try {
      const [main] = await this.#connections();
      await leaveGroupV5.api.async(main, this.#settings.groupId, [{ memberId: this.#memberId, groupInstanceId: null, reason }]);
    } catch {
      // Best effort: the session timeout removes the member anyway.
    } finally {
      this.#memberId = '';
    }
  }

  /** Forgets the member id (after UNKNOWN_MEMBER_ID the next join starts as a new member). */
  resetMemberId(): void {
    this.#memberId = '';
  }

  async close(): Promise<void> {
    const open = [this.#main, this.#beat].filter((c): c is Connection => c !== null);
    this.#main = null;
    this.#beat = null;
    await Promise.all(open.map((c) => c.close().catch(() => undefined)));
  }

  /** Coordinator errors and broken connections: drop the connections so the next call finds the coordinator again. */
  #fail(api: string, code: number | null, error: unknown): Error {
    if (code === null || code === GROUP_ERRORS.NOT_COORDINATOR || code === GROUP_ERRORS.COORDINATOR_NOT_AVAILABLE) void this.close();
    return code === null ? (error as Error) : new GroupCallError(api, code, error);
  }

  async #connections(): Promise<[Connection, Connection]> {
    if (this.#main !== null && this.#beat !== null && this.#main.isConnected() && this.#beat.isConnected()) return [this.#main, this.#beat];
    await this.close();
    const coordinator = await this.#findCoordinator();
    // A JoinGroup may be held for the whole rebalance timeout: the request timeout must outlast it.
    const requestTimeout = Math.max(this.#options.requestTimeout ?? 30_000, this.#settings.rebalanceTimeoutMs + 5_000);
    const [main, beat] = await Promise.all(['join', 'heartbeat'].map((suffix) => this.#open(coordinator, `${this.#options.clientId}-${suffix}`, requestTimeout)));
    this.#main = main;
    this.#beat = beat;
    return [main, beat];
  }

  async #findCoordinator(): Promise<{ host: string; port: number }> {
    let lastError: unknown = new Error('no bootstrap servers');
    for (const server of this.#options.bootstrapBrokers) {
      const colon = server.lastIndexOf(':');
      const bootstrap = { host: server.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(server.slice(colon + 1)) };
      const connection = await this.#open(bootstrap, `${this.#options.clientId}-bootstrap`, this.#options.requestTimeout ?? 30_000).catch((e: unknown) => {
        lastError = e;
        return null;
      });
      if (connection === null) continue;
      try {
        const found = await findCoordinatorV6.api.async(connection, 0, [this.#settings.groupId]);
        const c = found.coordinators[0];
        if (c !== undefined && c.errorCode === 0) return { host: c.host, port: c.port };
        lastError = new GroupCallError('FindCoordinator', c?.errorCode ?? -1);
      } catch (error) {
        lastError = error;
      } finally {
        await connection.close().catch(() => undefined);
      }
    }
    throw lastError;
  }

  async #open(target: { host: string; port: number }, clientId: string, requestTimeout: number): Promise<Connection> {
    const connection = new Connection(clientId, {
      requestTimeout,
      ...(this.#options.connectTimeout === undefined ? {} : { connectTimeout: this.#options.connectTimeout }),
      ...(this.#options.tls === undefined ? {} : { tls: this.#options.tls }),
      ...(this.#options.tlsServerName === undefined ? {} : { tlsServerName: this.#options.tlsServerName }),
      ...(this.#options.sasl === undefined ? {} : { sasl: { mechanism: this.#options.sasl.mechanism, username: this.#options.sasl.username, password: this.#options.sasl.password } }),
    });
    await connection.connect(target.host, target.port);
    return connection;
  }
}
