import { formatDateTime, type Timeline } from '../kit/index.js';
import { renderDetail, type NestedDetailSpec, type NestedPurgedDetail } from './nested-detail.js';
import type { NestedPhase } from './nested-lifecycle.js';
import type { NestedTimeFormat } from './nested-time.js';
import type { NestedExecutionWire } from './nested-types.js';

/** One stored execution. Its wire form at time t is computed from its timeline, never stored. */
export interface ExecutionRecord {
  id: string;
  parentId: string | null;
  responderId: string;
  workspaceId: string;
  isAgentic: boolean;
  chatMessageId: string | null;
  /** The exact moment it appears (a child appears when its parent starts running). */
  spawnAtMs: number;
  /** `spawnAtMs` at the precision it is rendered with: what ordering uses. */
  createdAtMs: number;
  timeFormat: NestedTimeFormat;
  subMillisecondDigits: string;
  detail: NestedDetailSpec;
  timeline: Timeline<NestedPhase>;
  childIds: string[];
  removed: boolean;
}

export function isVisible(record: ExecutionRecord, now: number): boolean {
  return !record.removed && record.spawnAtMs <= now;
}

export function renderExecution(record: ExecutionRecord, now: number, purgedDetail: NestedPurgedDetail): NestedExecutionWire {
  const step = record.timeline.stepAt(now);
  const phase = step.state;
  const format = (ms: number): string => formatDateTime(ms, record.timeFormat, record.subMillisecondDigits);
  return {
    createdAt: format(record.createdAtMs),
    id: record.id,
    updatedAt: format(Math.max(step.at, record.spawnAtMs)),
    creditsUsed: phase.creditsUsed,
    detail: renderDetail(record.detail, phase.detailStage, phase.purged, purgedDetail),
    endedAt: phase.endedAtMs === null ? null : format(phase.endedAtMs),
    isAgentic: record.isAgentic,
    isPurged: phase.purged,
    parentId: record.parentId,
    responderId: record.responderId,
    startedAt: format(phase.startedAtMs),
    status: phase.status,
    workspaceId: record.workspaceId,
  };
}
