import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { Provider } from '../providers/provider.js';
import { AdaptiveInterval } from './adaptive-interval.js';
import type { LivePublisher, LiveSource, LiveState } from './live-source.js';
import type { SourceStats } from './live-stats.js';
import { PollGroup, type PollTarget } from './poll-group.js';
import { retryAfterMs } from './retry-after.js';
import { hasObservableChange } from './record-change.js';

export interface ExecutionPollerOptions {
  /** Where what it sees goes: the hub of this process (a shared source would pass its own). */
  publisher: LivePublisher;
  polling: { intervalMs: number; maxIntervalMs: number };
  logger: Logger;
  /** Fewest watched executions of one scope worth a list call instead of single reads (default 2). */
  minimumBatchSize?: number;
  random?: () => number;
}

/** A "not found" for an execution seen before must repeat before watchers are told it is gone. */
const missingConfirmations = 2;

interface RoundOutcome {
  changed: boolean;
  failed: boolean;
}

interface PollCounters {
  pollRounds: number;
  executionPolls: number;
  batchPolls: number;
  pollFailures: number;
  failing: boolean;
}

/**
 * The in-memory live source: the poller of one gateway process. Each watched execution sits in exactly one poll group,
 * and each group makes one round per tick, so an execution costs at most one upstream read
 * per tick whatever its number of watchers. Executions whose provider can list their scope
 * move, after their first read, into that scope's group and are then read by one list call.
 */
export class ExecutionPoller implements LiveSource {
  #publisher: LivePublisher;
  #polling: { intervalMs: number; maxIntervalMs: number };
  #logger: Logger;
  #minimumBatchSize: number;
  #random: () => number;
  #targets = new Map<string, PollTarget>();
  #groups = new Map<string, PollGroup>();
  #counters = new Map<string, PollCounters>();
  /** Per provider: no poll before this time (epoch ms), from a Retry-After. */
  #notBefore = new Map<string, number>();
  #closed = false;

  constructor(options: ExecutionPollerOptions) {
    this.#publisher = options.publisher;
    this.#polling = options.polling;
    this.#logger = options.logger;
    this.#minimumBatchSize = Math.max(2, options.minimumBatchSize ?? 2);
    this.#random = options.random ?? Math.random;
  }

  /** The first read is made at once; a key already followed is left as it is. */
  follow(key: string, provider: Provider, nativeId: string): void {
    if (this.#closed || this.#targets.has(key)) return;
    const target: PollTarget = { key, provider, nativeId, latest: undefined, finished: false, missingAnswers: 0, steady: false, group: null };
    this.#targets.set(key, target);
    const group = this.#createGroup(provider, null, PollGroup.singleId(provider.name, nativeId));
    this.#enter(target, group);
    this.#schedule(group, 0);
  }

  /** A pending tick, and an upstream call in flight, of a group left empty are cancelled at once. */
  unfollow(key: string): void {
    const target = this.#targets.get(key);
    if (!target) return;
    this.#targets.delete(key);
    this.#leave(target);
  }

  /** A steady target holds its group at the base interval; one that backed off is due again within a tick. */
  pace(key: string, steady: boolean): void {
    const target = this.#targets.get(key);
    if (!target || target.steady === steady) return;
    target.steady = steady;
    const group = target.group;
    if (!steady || !group || group.inFlight || group.timer === null) return;
    group.interval.changed();
    if (group.dueAt > Date.now() + this.#polling.intervalMs) this.#schedule(group, group.interval.nextDelayMs());
  }

  stats(): SourceStats[] {
    const byProvider = new Map<string, SourceStats>();
    const entry = (provider: string): SourceStats => {
      let stats = byProvider.get(provider);
      if (!stats) {
        const counters = this.#countersOf(provider);
        stats = {
          provider,
          batchScopes: 0,
          pollRounds: counters.pollRounds,
          executionPolls: counters.executionPolls,
          batchPolls: counters.batchPolls,
          pollFailures: counters.pollFailures,
        };
        byProvider.set(provider, stats);
      }
      return stats;
    };
    for (const provider of this.#counters.keys()) entry(provider);
    for (const target of this.#targets.values()) entry(target.provider.name);
    for (const group of this.#groups.values()) {
      if (group.scope !== null && group.listable && group.members.size >= this.#minimumBatchSize) entry(group.provider.name).batchScopes += 1;
    }
    return [...byProvider.values()];
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const group of this.#groups.values()) group.cancel();
    this.#groups.clear();
    this.#targets.clear();
  }

  #createGroup(provider: Provider, scope: string | null, id: string): PollGroup {
    const interval = new AdaptiveInterval({ baseMs: this.#polling.intervalMs, maxMs: this.#polling.maxIntervalMs, random: this.#random });
    const group = new PollGroup(provider, scope, id, interval);
    this.#groups.set(id, group);
    return group;
  }

  #enter(target: PollTarget, group: PollGroup): void {
    group.members.set(target.nativeId, target);
    target.group = group;
  }

  /** Takes the target out of its group; a group left empty stops at once, mid-call included. */
  #leave(target: PollTarget): void {
    const group = target.group;
    target.group = null;
    if (!group) return;
    group.members.delete(target.nativeId);
    if (group.members.size > 0) return;
    group.cancel();
    if (this.#groups.get(group.id) === group) this.#groups.delete(group.id);
  }

  #schedule(group: PollGroup, delayMs: number): void {
    if (group.timer !== null) clearTimeout(group.timer);
    const now = Date.now();
    const notBefore = this.#notBefore.get(group.provider.name) ?? 0;
    const delay = Math.max(delayMs, notBefore - now);
    group.dueAt = now + delay;
    group.timer = setTimeout(() => void this.#safeRound(group), delay);
    group.timer.unref();
  }

  /** A bug in one round (an adapter's batchScopeOf throwing, say) must not stop the group's polling. */
  async #safeRound(group: PollGroup): Promise<void> {
    try {
      await this.#round(group);
    } catch (error) {
      this.#logger.error('live poll round failed (a bug)', { provider: group.provider.name, message: (error as Error)?.message });
      if (this.#groups.get(group.id) === group && group.members.size > 0 && group.timer === null && !group.inFlight) {
        group.interval.failed();
        this.#schedule(group, group.interval.nextDelayMs());
      }
    }
  }

  async #round(group: PollGroup): Promise<void> {
    group.timer = null;
    const members = [...group.members.values()];
    if (members.length === 0 || this.#groups.get(group.id) !== group) return;
    // A Retry-After that arrived after this tick was scheduled applies to it too.
    if ((this.#notBefore.get(group.provider.name) ?? 0) > Date.now()) {
      this.#schedule(group, 0);
      return;
    }
    this.#countersOf(group.provider.name).pollRounds += 1;
    group.rounds += 1;
    const startedAt = Date.now();
    const signal = group.signal;
    group.inFlight = true;
    let outcome: RoundOutcome;
    try {
      outcome = await this.#pollMembers(group, members, signal);
    } finally {
      group.inFlight = false;
    }
    if (signal.aborted || this.#groups.get(group.id) !== group) return;
    this.#moveIntoScopes(group);
    if (this.#groups.get(group.id) !== group || group.members.size === 0) return;
    if (outcome.changed) group.interval.changed();
    else if (outcome.failed) group.interval.failed();
    else if (hasSteadyMember(group)) group.interval.changed();
    else group.interval.unchanged();
    // Start to start: the time a poll takes does not stretch the tick.
    const delay = group.rounds === 1 ? group.interval.firstPhaseMs() : group.interval.nextDelayMs();
    this.#schedule(group, Math.max(0, startedAt + delay - Date.now()));
  }

  async #pollMembers(group: PollGroup, members: PollTarget[], signal: AbortSignal): Promise<RoundOutcome> {
    const outcome: RoundOutcome = { changed: false, failed: false };
    const provider = group.provider;
    let unanswered = members;
    if (group.scope !== null && group.listable && provider.operations.batch && members.length >= this.#minimumBatchSize) {
      this.#countersOf(provider.name).batchPolls += 1;
      try {
        const records = await provider.operations.batch.poll(group.scope, members.map((member) => member.nativeId), { signal, retry: false });
        if (signal.aborted) return outcome;
        this.#answered(provider);
        const byId = new Map(records.map((record) => [record.nativeId, record]));
        unanswered = [];
        for (const member of members) {
          const record = byId.get(member.nativeId);
          if (record) this.#apply(member, record, outcome);
          else unanswered.push(member);
        }
      } catch (error) {
        if (signal.aborted) return outcome;
        this.#failed(provider, error, 'list');
        if (upstreamUnwell(error)) {
          outcome.failed = true;
          return outcome;
        }
        // The list itself is refused (a scope the upstream cannot list): read one by one from now on.
        group.listable = false;
      }
    }
    await Promise.all(unanswered.map((member) => this.#pollOne(member, signal, outcome)));
    return outcome;
  }

  async #pollOne(member: PollTarget, signal: AbortSignal, outcome: RoundOutcome): Promise<void> {
    const provider = member.provider;
    this.#countersOf(provider.name).executionPolls += 1;
    try {
      const record = await provider.operations.get(member.nativeId, { signal, retry: false });
      if (signal.aborted) return;
      this.#answered(provider);
      this.#apply(member, record, outcome);
    } catch (error) {
      if (signal.aborted) return;
      this.#failed(provider, error, 'get');
      outcome.failed = true;
    }
  }

  #apply(target: PollTarget, record: ExecutionRecord | null, outcome: RoundOutcome): void {
    if (target.finished || this.#targets.get(target.key) !== target) return;
    if (record === null) {
      target.missingAnswers += 1;
      if (target.latest !== undefined && target.missingAnswers < missingConfirmations) return;
      this.#finish(target);
      this.#publish(target, 'missing');
      this.#finish(target);
      outcome.changed = true;
      return;
    }
    target.missingAnswers = 0;
    const previous = target.latest;
    if (previous && !hasObservableChange(previous, record)) return;
    target.latest = record;
    if (previous) outcome.changed = true;
    if (record.isTerminal) this.#finish(target);
    this.#publish(target, record);
  }

  /**
   * Last in a member's step: the hub fans the state out synchronously, and its watches may
   * unfollow (even cancel this group) from inside this call.
   */
  #publish(target: PollTarget, state: LiveState): void {
    this.#publisher.publish(target.key, state);
  }

  /** After a terminal state (or "missing") the execution is held for its watchers but never polled again. */
  #finish(target: PollTarget): void {
    target.finished = true;
    this.#leave(target);
  }

  /** Executions read alone whose provider can list their scope join that scope's group. */
  #moveIntoScopes(group: PollGroup): void {
    if (group.scope !== null) return;
    const provider = group.provider;
    const batch = provider.operations.batch;
    if (!batch) return;
    for (const target of [...group.members.values()]) {
      if (target.latest === undefined) continue;
      const scope = batch.scopeOf(target.latest);
      if (scope === null) continue;
      const id = PollGroup.scopeId(provider.name, scope);
      const existing = this.#groups.get(id);
      const scopeGroup = existing ?? this.#createGroup(provider, scope, id);
      this.#leave(target);
      this.#enter(target, scopeGroup);
      if (!existing) {
        this.#schedule(scopeGroup, scopeGroup.interval.firstPhaseMs());
      } else if (!scopeGroup.inFlight) {
        // A newcomer is owed tick-rate updates even if the scope had backed off.
        scopeGroup.interval.changed();
        if (scopeGroup.dueAt > Date.now() + this.#polling.intervalMs) this.#schedule(scopeGroup, scopeGroup.interval.nextDelayMs());
      }
    }
  }

  #answered(provider: Provider): void {
    const counters = this.#countersOf(provider.name);
    if (!counters.failing) return;
    counters.failing = false;
    this.#logger.info('live polling recovered', { provider: provider.name });
  }

  #failed(provider: Provider, error: unknown, call: 'get' | 'list'): void {
    const counters = this.#countersOf(provider.name);
    counters.pollFailures += 1;
    const gatewayError = GatewayError.is(error) ? error : null;
    if (!gatewayError) {
      this.#logger.error('live poll failed unexpectedly (a bug)', { provider: provider.name, call, message: (error as Error)?.message });
    } else if (!counters.failing) {
      this.#logger.warn('live polling is failing; backing off', { provider: provider.name, call, code: gatewayError.code, httpStatus: gatewayError.httpStatus });
    }
    counters.failing = true;
    const waitMs = retryAfterMs(error);
    if (waitMs > 0) this.#notBefore.set(provider.name, Math.max(Date.now() + waitMs, this.#notBefore.get(provider.name) ?? 0));
  }

  #countersOf(provider: string): PollCounters {
    let counters = this.#counters.get(provider);
    if (!counters) {
      counters = { pollRounds: 0, executionPolls: 0, batchPolls: 0, pollFailures: 0, failing: false };
      this.#counters.set(provider, counters);
    }
    return counters;
  }
}

function hasSteadyMember(group: PollGroup): boolean {
  for (const member of group.members.values()) if (member.steady) return true;
  return false;
}

/** Failures that say "not now" about the upstream as a whole, rather than "never" about this call. */
function upstreamUnwell(error: unknown): boolean {
  if (!GatewayError.is(error)) return false;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'RATE_LIMITED';
}
