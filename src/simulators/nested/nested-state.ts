import { Timeline, truncateToFractionDigits, type SeededRandom, type SimulatorClock } from '../kit/index.js';
import { fixedDetail, type NestedPurgedDetail } from './nested-detail.js';
import {
  lifecycleSteps,
  parentTailMs,
  resolveLifecycle,
  stageForStatus,
  statusEnding,
  type NestedCanonicalStatus,
  type NestedLifecycle,
  type NestedPhase,
} from './nested-lifecycle.js';
import { isVisible, renderExecution, type ExecutionRecord } from './nested-record.js';
import { defaultTimeFormat, toEpochMs, validateTimeFormat } from './nested-time.js';
import { isUuid } from './nested-uuid.js';
import type {
  NestedExecutionSpec,
  NestedExecutionWire,
  NestedNestingWire,
  NestedSetStatusOptions,
  NestedTreeHandle,
} from './nested-types.js';

export interface NestedStateSettings {
  clock: SimulatorClock;
  random: SeededRandom;
  workspaceId: string;
  defaultResponderId: string;
  statusNames: Record<NestedCanonicalStatus, string>;
  tieOrder: 'id-desc' | 'id-asc';
  purgedDetail: NestedPurgedDetail;
  leafChildren: 'empty-array' | 'omitted';
}

interface ExtraEdge {
  childId: string;
  repeats: number;
}

/** Records being built for one `addTree` call: nothing is stored until the whole tree is valid. */
interface BuildContext {
  records: ExecutionRecord[];
  scriptedTaken: number;
}

/** Guards the simulator's own recursion; corrupted nestings are bounded by their `repeats`. */
const maxRenderDepth = 10_000;

/**
 * The executions of one workspace and their parent/child links. Status, timestamps, credits
 * and detail are read from each record's timeline at the clock's current time.
 */
export class NestedState {
  #settings: NestedStateSettings;
  #records = new Map<string, ExecutionRecord>();
  /** Newest first, as the list endpoint answers (A11). */
  #ordered: ExecutionRecord[] = [];
  #byChatMessage = new Map<string, string>();
  #extraEdges = new Map<string, ExtraEdge[]>();
  #scripted: NestedLifecycle[] = [];

  constructor(settings: NestedStateSettings) {
    this.#settings = settings;
  }

  get now(): number {
    return this.#settings.clock.now();
  }

  /** Lifecycles for the next executions created without one, consumed in preorder. */
  scriptNextRuns(lifecycles: readonly NestedLifecycle[]): void {
    this.#scripted.push(...lifecycles);
  }

  scriptedRemaining(): number {
    return this.#scripted.length;
  }

  addTree(spec: NestedExecutionSpec): NestedTreeHandle {
    if (spec.spawnDelayMs !== undefined) throw new Error('spawnDelayMs applies to children only');
    let parent: ExecutionRecord | undefined;
    if (spec.parentId !== undefined) {
      parent = this.#records.get(spec.parentId.toLowerCase());
      if (!parent || parent.removed) throw new Error(`no execution ${spec.parentId} to attach the tree to`);
    }
    const spawnAtMs = spec.createdAt === undefined ? this.now : toEpochMs(spec.createdAt, 'createdAt');
    const context: BuildContext = { records: [], scriptedTaken: 0 };
    const { handle } = this.#build(spec, spawnAtMs, parent?.id ?? null, context);
    this.#scripted.splice(0, context.scriptedTaken);
    for (const record of context.records) this.#store(record);
    parent?.childIds.push(handle.id);
    return handle;
  }

  /** The execution if it exists at the current time (created and not removed). */
  find(id: string): ExecutionRecord | undefined {
    const record = this.#records.get(id.toLowerCase());
    return record && isVisible(record, this.now) ? record : undefined;
  }

  findByChatMessage(chatMessageId: string): ExecutionRecord | undefined {
    const id = this.#byChatMessage.get(chatMessageId.toLowerCase());
    return id === undefined ? undefined : this.find(id);
  }

  /** Visible executions, newest first; `responderIds` (lowercase) narrows them when not empty. */
  list(responderIds: ReadonlySet<string>): ExecutionRecord[] {
    const now = this.now;
    return this.#ordered.filter(
      (record) => isVisible(record, now) && (responderIds.size === 0 || responderIds.has(record.responderId.toLowerCase())),
    );
  }

  render(record: ExecutionRecord): NestedExecutionWire {
    return renderExecution(record, this.now, this.#settings.purgedDetail);
  }

  renderNesting(record: ExecutionRecord): NestedNestingWire {
    return this.#renderNesting(record, this.now, new Map(), 0);
  }

  setStatus(id: string, status: string, options: NestedSetStatusOptions = {}): NestedExecutionWire {
    const record = this.#require(id);
    const now = this.now;
    const current = record.timeline.stateAt(now);
    let endedAtMs: number | null;
    if (options.endedAt === null) endedAtMs = null;
    else if (options.endedAt !== undefined) endedAtMs = toEpochMs(options.endedAt, 'endedAt');
    else {
      const ending = statusEnding(status);
      endedAtMs = ending === 'ends' ? (current.endedAtMs ?? now) : ending === 'open' ? null : current.endedAtMs;
    }
    if (options.creditsUsed !== undefined && !(options.creditsUsed >= 0)) throw new RangeError('creditsUsed must be ≥ 0');
    const next: NestedPhase = {
      ...current,
      status,
      endedAtMs,
      detailStage: stageForStatus(status, current.detailStage),
      creditsUsed: options.creditsUsed ?? current.creditsUsed,
    };
    record.timeline.rewriteFrom(now, [{ at: now, state: next }]);
    return this.render(record);
  }

  /** Purging keeps the record and its status; its detail content is gone from now on. */
  purge(id: string, options: { cascade?: boolean } = {}): void {
    const record = this.#require(id);
    const now = this.now;
    const current = record.timeline.stateAt(now);
    if (!current.purged) {
      const future = record.timeline.steps().filter((step) => step.at > now);
      record.timeline.rewriteFrom(now, [
        { at: now, state: { ...current, purged: true } },
        ...future.map((step) => ({ at: step.at, state: { ...step.state, purged: true } })),
      ]);
    }
    if (options.cascade) for (const childId of record.childIds) if (this.find(childId)) this.purge(childId, options);
  }

  /** The record and its subtree disappear, as after a deletion on the service's side. */
  remove(id: string): void {
    const record = this.#records.get(id.toLowerCase());
    if (!record) throw new Error(`no execution ${id}`);
    record.removed = true;
    for (const childId of record.childIds) this.remove(childId);
  }

  /** Corruption fixture: the nestings answer also lists `childId` under `parentId`, `repeats` times per path. */
  corruptNestings(parentId: string, childId: string, repeats: number): void {
    const parent = this.#records.get(parentId.toLowerCase());
    const child = this.#records.get(childId.toLowerCase());
    if (!parent || !child) throw new Error(`both ${parentId} and ${childId} must exist`);
    if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
    const edges = this.#extraEdges.get(parent.id) ?? [];
    edges.push({ childId: child.id, repeats });
    this.#extraEdges.set(parent.id, edges);
  }

  #require(id: string): ExecutionRecord {
    const record = this.find(id);
    if (!record) throw new Error(`no execution ${id} at the simulator's current time`);
    return record;
  }

  #build(
    spec: NestedExecutionSpec,
    spawnAtMs: number,
    parentId: string | null,
    context: BuildContext,
  ): { handle: NestedTreeHandle; endAtMs: number } {
    const settings = this.#settings;
    const id = this.#claimId(spec.id, context);
    let lifecycleInput = spec.lifecycle;
    if (lifecycleInput === undefined && context.scriptedTaken < this.#scripted.length) {
      lifecycleInput = this.#scripted[context.scriptedTaken];
      context.scriptedTaken += 1;
    }
    const lifecycle = resolveLifecycle(lifecycleInput ?? {}, settings.statusNames, settings.random.decimal(5, 4));
    const timeFormat = validateTimeFormat(spec.timeFormat ?? defaultTimeFormat);
    const subMillisecondDigits = String(settings.random.integer(0, 999_999)).padStart(6, '0');
    const runningAtMs = spawnAtMs + lifecycle.pendingMs;
    const childSpecs = spec.children ?? [];
    if (childSpecs.length > 0 && !Number.isFinite(runningAtMs)) {
      throw new RangeError(`execution ${id} never starts running, so its children would never appear`);
    }

    const children = childSpecs.map((child) => {
      if (child.createdAt !== undefined || child.parentId !== undefined) {
        throw new Error('createdAt and parentId apply to the root of a tree only; use spawnDelayMs on children');
      }
      const delay = child.spawnDelayMs ?? 0;
      if (!Number.isFinite(delay) || delay < 0) throw new RangeError(`spawnDelayMs must be finite and ≥ 0, got ${delay}`);
      return this.#build(child, runningAtMs + delay, id, context);
    });
    const ownEndMs = runningAtMs + lifecycle.runningMs;
    const endAtMs =
      children.length === 0 ? ownEndMs : Math.max(ownEndMs, Math.max(...children.map((child) => child.endAtMs)) + parentTailMs);

    const chatMessageId = this.#claimChatMessage(spec.chatMessageId, context);
    context.records.push({
      id,
      parentId,
      responderId: spec.responderId ?? settings.defaultResponderId,
      workspaceId: spec.workspaceId ?? settings.workspaceId,
      isAgentic: spec.isAgentic ?? false,
      chatMessageId,
      spawnAtMs,
      createdAtMs: truncateToFractionDigits(spawnAtMs, timeFormat.fractionDigits),
      timeFormat,
      subMillisecondDigits,
      detail: spec.detail ?? fixedDetail({ input: {}, output: {} }),
      timeline: new Timeline(lifecycleSteps(lifecycle, spawnAtMs, endAtMs)),
      childIds: children.map((child) => child.handle.id),
      removed: false,
    });
    const handle: NestedTreeHandle = {
      id,
      ids: [id, ...children.flatMap((child) => child.handle.ids)],
      children: children.map((child) => child.handle),
    };
    return { handle, endAtMs };
  }

  #claimId(requested: string | undefined, context: BuildContext): string {
    if (requested === undefined) {
      let id = this.#settings.random.uuid();
      while (this.#isTaken(id, context)) id = this.#settings.random.uuid();
      return id;
    }
    if (!isUuid(requested, 'any')) throw new Error(`execution ids are uuids, got ${requested}`);
    const id = requested.toLowerCase();
    if (this.#isTaken(id, context)) throw new Error(`execution ${id} already exists`);
    return id;
  }

  #isTaken(id: string, context: BuildContext): boolean {
    return this.#records.has(id) || context.records.some((record) => record.id === id);
  }

  #claimChatMessage(requested: string | undefined, context: BuildContext): string | null {
    if (requested === undefined) return null;
    if (!isUuid(requested, 'any')) throw new Error(`chatMessageId must be a uuid, got ${requested}`);
    const chatMessageId = requested.toLowerCase();
    if (this.#byChatMessage.has(chatMessageId) || context.records.some((record) => record.chatMessageId === chatMessageId)) {
      throw new Error(`chat message ${chatMessageId} already has an execution`);
    }
    return chatMessageId;
  }

  #store(record: ExecutionRecord): void {
    this.#records.set(record.id, record);
    if (record.chatMessageId !== null) this.#byChatMessage.set(record.chatMessageId, record.id);
    let low = 0;
    let high = this.#ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#comesBefore(this.#ordered[middle]!, record)) low = middle + 1;
      else high = middle;
    }
    this.#ordered.splice(low, 0, record);
  }

  /** createdAt descending, then id in the configured direction (A11). */
  #comesBefore(first: ExecutionRecord, second: ExecutionRecord): boolean {
    if (first.createdAtMs !== second.createdAtMs) return first.createdAtMs > second.createdAtMs;
    return this.#settings.tieOrder === 'id-desc' ? first.id > second.id : first.id < second.id;
  }

  #renderNesting(record: ExecutionRecord, now: number, followed: Map<string, number>, depth: number): NestedNestingWire {
    const wire = this.render(record);
    if (depth >= maxRenderDepth) throw new Error(`nesting deeper than ${maxRenderDepth}: a corruption without bound`);
    const children = record.childIds
      .map((childId) => this.#records.get(childId))
      .filter((child): child is ExecutionRecord => child !== undefined && isVisible(child, now))
      .sort((first, second) => first.spawnAtMs - second.spawnAtMs)
      .map((child) => this.#renderNesting(child, now, followed, depth + 1));
    for (const edge of this.#extraEdges.get(record.id) ?? []) {
      const target = this.#records.get(edge.childId);
      const key = `${record.id}>${edge.childId}`;
      const used = followed.get(key) ?? 0;
      if (!target || !isVisible(target, now) || used >= edge.repeats) continue;
      followed.set(key, used + 1);
      children.push(this.#renderNesting(target, now, followed, depth + 1));
      followed.set(key, used);
    }
    if (children.length === 0 && this.#settings.leafChildren === 'omitted') return wire;
    return { ...wire, children };
  }
}
