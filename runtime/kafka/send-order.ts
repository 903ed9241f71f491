// The order in which the producer hands batches to the client library when some must be retried.
// Invariant (a CDC source depends on it): a retry never reorders the records of a partition. So
// once a batch has failed and will go again:
// - no batch that has not been sent yet is sent (firstTurn() waits) until every failed batch has
//   been delivered or has finally failed;
// - failed batches go again one at a time, in the order they were first sent, and only once every
//   send already with the client has been answered (those may fail too and must go before the
//   later ones).
// Batches are numbered by ticket() in the order they are first handed to the client.

interface Waiting {
  readonly ticket: number;
  readonly go: () => void;
}

export class SendOrder {
  #nextTicket = 0;
  /** Tickets whose send is with the client and not answered yet. */
  readonly #unsettled = new Set<number>();
  /** Failed batches waiting to go again, by ticket. */
  readonly #retries: Waiting[] = [];
  /** The ticket whose retry is under way (it alone may send), or null. */
  #holder: number | null = null;
  /** Set while any retry is pending: first sends wait for it. */
  #resume: { promise: Promise<void>; resolve: () => void } | null = null;

  ticket(): number {
    return this.#nextTicket++;
  }

  /** True while failed batches are being retried. */
  get retrying(): boolean {
    return this.#resume !== null;
  }

  /** Resolves when a batch's first send may go: no retry is pending. */
  async firstTurn(): Promise<void> {
    while (this.#resume !== null) await this.#resume.promise;
  }

  /** The batch's send has been handed to the client (call in the same tick as firstTurn() resolved). */
  sent(ticket: number): void {
    this.#unsettled.add(ticket);
  }

  /** The batch is done: delivered, or failed for good. */
  settled(ticket: number): void {
    this.#unsettled.delete(ticket);
    if (this.#holder === ticket) this.#holder = null;
    this.#advance();
  }

  /**
   * The batch failed and will go again: resolves when it may (every send with the client answered,
   * every earlier failed batch done). Call it only once every earlier batch has been handed to the
   * client, so that none of them can be overtaken.
   */
  retryTurn(ticket: number): Promise<void> {
    this.#unsettled.delete(ticket);
    if (this.#holder === ticket) this.#holder = null;
    if (this.#resume === null) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      this.#resume = { promise, resolve };
    }
    const turn = new Promise<void>((go) => {
      let at = this.#retries.length;
      while (at > 0 && this.#retries[at - 1].ticket > ticket) at--;
      this.#retries.splice(at, 0, { ticket, go });
    });
    this.#advance();
    return turn;
  }

  #advance(): void {
    if (this.#unsettled.size > 0 || this.#holder !== null) return;
    const next = this.#retries.shift();
    if (next !== undefined) {
      this.#holder = next.ticket;
      next.go();
      return;
    }
    const resume = this.#resume;
    this.#resume = null;
    resume?.resolve();
  }
}
