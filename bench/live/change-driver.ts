/**
 * Changes every watched execution upstream once per `periodMs`, each at its own phase, and
 * stamps the change time into the output so a client can measure change-to-client latency.
 */
export class ChangeDriver {
  #timer: NodeJS.Timeout | null = null;
  #next: number[];
  changes = 0;

  constructor(
    private readonly ids: readonly string[],
    private readonly periodMs: number,
    private readonly change: (id: string, output: { sequence: number; at: number }) => void,
  ) {
    // Random phases: changes must not line up with the order in which executions were watched.
    const now = Date.now();
    this.#next = ids.map(() => now + Math.floor(Math.random() * periodMs));
  }

  start(): void {
    this.#timer = setInterval(() => this.#tick(), 20);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    const now = Date.now();
    for (let index = 0; index < this.ids.length; index++) {
      if (this.#next[index]! > now) continue;
      this.#next[index] = this.#next[index]! + this.periodMs;
      this.changes += 1;
      this.change(this.ids[index]!, { sequence: this.changes, at: now });
    }
  }
}
