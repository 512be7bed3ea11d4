import type { SimResponse } from '../kit/index.js';
import { isRecord } from './workflow-runs-outputs.js';
import type { WorkflowRunsRenderer } from './workflow-runs-render.js';
import type { WorkflowRunsState } from './workflow-runs-state.js';
import type { RunRecord, StepSnapshot } from './workflow-runs-types.js';

/**
 * The SSE answer of `stream: true`: a `run` event with the run as it started, `step` events as
 * steps start and end (model steps also send one partial `chunk`, as the SDK merges them), and
 * a final `run` event with the terminal run. The kit sends a response in one piece, so the
 * events are written once the run has ended, in the order they happened on the simulator clock.
 */
export function runEventStream(
  state: WorkflowRunsState,
  renderer: WorkflowRunsRenderer,
  run: RunRecord,
  from: number,
  until: number,
  verbose: boolean,
): SimResponse {
  const full = verbose || state.settings.withoutVerbose === 'full';
  const events: string[] = [sseEvent('run', renderer.run(run, from, { verbose }))];
  const times = [...new Set(run.timeline.steps().map((step) => step.at))].filter((at) => at > from && at <= until).sort((a, b) => a - b);
  let previous = state.snapshot(run, from).steps;
  for (const at of times) {
    const current = state.snapshot(run, at).steps;
    for (const step of current) {
      const before = previous.find((candidate) => candidate.execution === step.execution);
      if (before && before.status === step.status) continue;
      if (step.status === 'RUNNING' && step.execution.type === 'model') {
        events.push(sseEvent('step', renderer.step(step, at, full)));
        events.push(sseEvent('chunk', partialModelStep(step, renderer, at, full)));
      } else {
        events.push(sseEvent('step', renderer.step(step, at, full)));
      }
    }
    previous = current;
  }
  events.push(sseEvent('run', renderer.run(run, until, { verbose })));
  return {
    status: 200,
    text: events.join(''),
    contentType: 'text/event-stream; charset=utf-8',
    headers: { 'cache-control': 'no-cache' },
  };
}

function partialModelStep(step: StepSnapshot, renderer: WorkflowRunsRenderer, at: number, full: boolean): Record<string, unknown> {
  const planned = step.execution.output;
  const message = isRecord(planned) && typeof planned.message === 'string' ? planned.message : '';
  const model = isRecord(planned) ? planned.model : undefined;
  return { ...renderer.step(step, at, full), output: { model, message: message.slice(0, Math.ceil(message.length / 2)) } };
}

function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
