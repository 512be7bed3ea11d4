/** Something that can be pinged: an open event stream. */
export interface Pingable {
  ping(): void;
}

/** A round pings one group; the groups share the interval, at most this many and no closer than the next constant. */
const maxGroups = 40;
const minRoundMs = 100;

/**
 * Yoga's SSE pings every 12 s (every 300 ms under NODE_ENV=test, which the keep-alive test
 * relies on), so that proxies and browsers do not drop a quiet stream. A timer per stream
 * would cost memory at tens of thousands of them, and one timer pinging them all at once
 * would stall event delivery for the length of 20,000 writes; so streams are dealt over
 * groups in turn (a burst of new streams is spread too), and one timer pings one group per
 * round: every stream gets one ping per interval, the first within one interval.
 */
export class KeepAlivePings {
  readonly intervalMs: number;
  #groups: Set<Pingable>[];
  #groupOf = new Map<Pingable, Set<Pingable>>();
  #dealt = 0;
  #round = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(intervalMs = process.env.NODE_ENV === 'test' ? 300 : 12_000) {
    this.intervalMs = intervalMs;
    const groups = Math.max(1, Math.min(maxGroups, Math.floor(intervalMs / minRoundMs)));
    this.#groups = Array.from({ length: groups }, () => new Set<Pingable>());
  }

  add(stream: Pingable): void {
    const group = this.#groups[this.#dealt++ % this.#groups.length]!;
    group.add(stream);
    this.#groupOf.set(stream, group);
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.#pingGroup(), this.intervalMs / this.#groups.length);
      this.#timer.unref();
    }
  }

  delete(stream: Pingable): void {
    const group = this.#groupOf.get(stream);
    if (!group) return;
    group.delete(stream);
    this.#groupOf.delete(stream);
    if (this.#groupOf.size === 0 && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  #pingGroup(): void {
    const group = this.#groups[this.#round]!;
    this.#round = (this.#round + 1) % this.#groups.length;
    for (const stream of group) stream.ping();
  }
}
