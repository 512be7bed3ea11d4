import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import { catalogWorkflowIds } from '../../../src/simulators/workflow-runs/index.js';
import { ReadOnlyProvider } from '../../helpers/read-only-provider.js';
import { startWorkflowRunsStack, type WorkflowRunsStack } from '../../helpers/workflow-runs-stack.js';

const runFields = `
  id nativeId status nativeStatus isTerminal input output createdAt updatedAt startedAt endedAt creditsUsed
  error { code message }
  ... on WorkflowRun {
    workflowId runId appId workflowAppId origin nativeOrigin timestampPrecision discoverable stale result
    version { id number isDraft }
    steps { key type status nativeStatus startedAt endedAt output error }
    usage { total unit byStep { stepKey total } }
    retention { maxAgeSeconds keepForever preserveOnFailure dueAt }
  }
`;

const isoUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let stack: WorkflowRunsStack;

beforeAll(async () => {
  stack = await startWorkflowRunsStack({ harness: { extraProviders: () => [new ReadOnlyProvider('archive', [])] } });
  stack.simulator.seedWorkflows();
});

afterAll(() => stack.close());

async function read(nativeId: string, fields = runFields) {
  const response = await stack.gateway.graphql<{ executionByNativeId: Record<string, any> | null }>(
    `query ($nativeId: String!) { executionByNativeId(provider: "cortex", nativeId: $nativeId) { ${fields} } }`,
    { nativeId },
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.executionByNativeId;
}

const verboseGets = () => stack.proxy.requests.filter((entry) => entry.method === 'GET' && entry.query.getAll('verbose').includes('all')).length;

describe('workflow run ids', () => {
  it('reads runs of workflows whose ids hold dots, dashes and non-ASCII, by "<workflow_id>/<run_id>"', async () => {
    const workflowIds = [catalogWorkflowIds.classify, catalogWorkflowIds.summarize, catalogWorkflowIds.ingest, catalogWorkflowIds.translate];
    for (const [index, workflowId] of workflowIds.entries()) {
      const runId = stack.simulator.addRun({ workflowId, status: 'COMPLETED', id: `run_ünï.çødé-${index}` });
      const nativeId = `${workflowId}/${runId}`;
      const id = executionGlobalId('cortex', nativeId);
      const response = await stack.gateway.graphql<Record<string, Record<string, unknown> | null>>(
        `query ($id: ID!, $nativeId: String!) {
          a: execution(id: $id) { id nativeId __typename ... on WorkflowRun { workflowId runId } }
          b: node(id: $id) { id __typename }
          c: executionByNativeId(provider: "cortex", nativeId: $nativeId) { id }
        }`,
        { id, nativeId },
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.a).toEqual({ id, nativeId, __typename: 'WorkflowRun', workflowId, runId });
      expect(response.body.data!.b).toEqual({ id, __typename: 'WorkflowRun' });
      expect(response.body.data!.c).toEqual({ id });
    }
  });

  it('answers null without a call for ids that cannot name a run, and for unknown runs', async () => {
    const before = stack.simulator.server.counters.total();
    for (const nativeId of ['no-slash', '/run_1', 'wf_1/', 'wf_1/run\u0000x']) {
      expect(await read(nativeId, 'id')).toBeNull();
    }
    expect(stack.simulator.server.counters.total()).toBe(before);
    expect(await read('wf_1/run_missing', 'id')).toBeNull();
  });
});

describe('workflow run fields', () => {
  it('reads a plain created_at as midnight UTC and says so', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', dateFormat: { kind: 'date' }, createdAt: '2026-01-14T18:30:00Z' });
    const run = (await read(`wf_1/${runId}`))!;
    expect(run.createdAt).toBe('2026-01-14T00:00:00.000Z');
    expect(run.timestampPrecision).toBe('DATE');
    const offsetRun = stack.simulator.addRun({
      workflowId: 'wf_1',
      status: 'COMPLETED',
      dateFormat: { kind: 'date-time', offsetMinutes: 330, fractionDigits: 9, zulu: false },
      createdAt: '2026-01-14T18:30:00.123Z',
    });
    const withOffset = (await read(`wf_1/${offsetRun}`))!;
    expect(stack.simulator.readRun(offsetRun)!.created_at).toMatch(/^2026-01-15T00:00:00\.123\d{6}\+05:30$/);
    expect(withOffset.createdAt).toBe('2026-01-14T18:30:00.123Z');
    expect(withOffset.timestampPrecision).toBe('DATE_TIME');
    for (const field of ['createdAt', 'updatedAt', 'startedAt', 'endedAt']) expect(withOffset[field]).toMatch(isoUtc);
  });

  it('turns the legacy array output and the step map into the same ordered steps', async () => {
    const input = { text: 'same input', tone: 'formal' };
    const mapRun = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', input, outputStyle: 'map' });
    const arrayRun = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', input, outputStyle: 'legacy-array' });
    expect(Array.isArray(stack.simulator.readRun(arrayRun)!.output)).toBe(true);
    const fromMap = (await read(`wf_1/${mapRun}`))!;
    const fromArray = (await read(`wf_1/${arrayRun}`))!;
    expect(fromArray.steps.map((step: { key: string }) => step.key)).toEqual(['input', 'prepare', 'classify', 'format']);
    expect(fromMap.steps.map((step: { key: string }) => step.key)).toEqual(['input', 'prepare', 'classify', 'format']);
    for (const steps of [fromMap.steps, fromArray.steps]) {
      const starts = steps.map((step: { startedAt: string }) => step.startedAt);
      expect([...starts].sort()).toEqual(starts);
      expect(steps.every((step: { status: string; endedAt: string }) => step.status === 'SUCCEEDED' && isoUtc.test(step.endedAt))).toBe(true);
    }
    expect(fromArray.result).toEqual(stack.simulator.readRun(arrayRun)!.result);
    expect(fromArray.output).toEqual(fromArray.result);
  });

  it('reports origin, version, usage in a vendor-scoped unit, retention and result', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', origin: 'ENDPOINT', retention: { max_age_in_seconds: 86_400, preserve_on_failure: true } });
    const wire = stack.simulator.readRun(runId)!;
    const run = (await read(`wf_1/${runId}`))!;
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      nativeStatus: 'COMPLETED',
      isTerminal: true,
      origin: 'API',
      nativeOrigin: 'ENDPOINT',
      appId: 'app_1',
      workflowAppId: 'app_1',
      version: { number: 3, isDraft: false },
      retention: { maxAgeSeconds: 86_400, keepForever: false, preserveOnFailure: true },
      discoverable: false,
      stale: false,
    });
    expect(run.usage.unit).toBe('cortex:credits');
    expect(run.usage.total).toBe(wire.usage.total);
    expect(run.creditsUsed).toBe(wire.usage.total);
    expect(run.usage.byStep.map((entry: { stepKey: string }) => entry.stepKey)).toEqual(Object.keys(wire.usage.steps));
    expect(Date.parse(run.retention.dueAt)).toBe(Date.parse(wire.retention_due_at!));
    expect(run.result).toEqual(wire.result);
    const forever = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', retention: { max_age_in_seconds: -1 } });
    expect((await read(`wf_1/${forever}`))!.retention).toEqual({ maxAgeSeconds: null, keepForever: true, preserveOnFailure: null, dueAt: null });
    const draft = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', version: 'draft' });
    expect((await read(`wf_1/${draft}`))!.version).toEqual({ id: null, number: null, isDraft: null });
  });

  it('maps every Cortex status, and an unknown one by its end time', async () => {
    const cases: [string, string, boolean][] = [
      ['PENDING', 'PENDING', false],
      ['RUNNING', 'RUNNING', false],
      ['COMPLETED', 'SUCCEEDED', true],
      ['FAILED', 'FAILED', true],
      ['CANCELLED', 'CANCELLED', true],
      ['SKIPPED', 'SKIPPED', true],
      ['ARCHIVED', 'UNKNOWN', true],
    ];
    for (const [nativeStatus, status, isTerminal] of cases) {
      const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: nativeStatus });
      expect(await read(`wf_1/${runId}`, 'status nativeStatus isTerminal')).toEqual({ status, nativeStatus, isTerminal });
    }
    const paused = stack.simulator.addRun({ workflowId: 'wf_1', status: 'RUNNING', frozen: true });
    stack.simulator.forceStatus(paused, 'PAUSED_BY_ADMIN');
    expect(await read(`wf_1/${paused}`, 'status nativeStatus isTerminal')).toEqual({ status: 'UNKNOWN', nativeStatus: 'PAUSED_BY_ADMIN', isTerminal: false });
  });

  it('says which step failed when the run has no message of its own', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'FAILED', script: { failStepKey: 'classify', errorMessage: 'model quota — 配额' } });
    const run = (await read(`wf_1/${runId}`))!;
    expect(run.error.message).toContain('model quota — 配额');
    const failed = run.steps.find((step: { status: string }) => step.status === 'FAILED');
    expect(failed).toMatchObject({ key: 'classify', error: 'model quota — 配额' });
  });

  it('asks Cortex for verbose=all only when version objects or step logs are selected, once per run', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED' });
    const before = verboseGets();
    await read(`wf_1/${runId}`);
    expect(verboseGets()).toBe(before);
    const verbose = (await read(
      `wf_1/${runId}`,
      `... on WorkflowRun { steps { key logs calls } workflowVersion { versionId number isDraft workflowId steps createdBy { name } } }`,
    ))!;
    expect(verboseGets()).toBe(before + 1);
    expect(verbose.workflowVersion).toMatchObject({ number: 3, isDraft: false, workflowId: 'wf_1' });
    expect(verbose.steps.every((step: { logs: unknown; calls: unknown }) => Array.isArray(step.logs) && Array.isArray(step.calls))).toBe(true);
    const draft = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', version: 'draft' });
    const draftVersion = (await read(`wf_1/${draft}`, `... on WorkflowRun { workflowVersion { versionId isDraft key } }`))!;
    expect(draftVersion.workflowVersion).toEqual({ versionId: null, isDraft: true, key: 'wf_1-key' });
  });
});

describe('child runs', () => {
  it('resolves children from workflow steps, several levels deep, and each child’s parent', async () => {
    const top = stack.simulator.addRun({ workflowId: catalogWorkflowIds.ingest, status: 'COMPLETED' });
    const [childId] = stack.simulator.childRunIds(top);
    const [grandchildId] = stack.simulator.childRunIds(childId!);
    const tree = (await read(
      `${catalogWorkflowIds.ingest}/${top}`,
      `nativeId
       ... on WorkflowRun { childRuns { stepKey workflowId runId status } }
       children(first: 1) { edges { node { nativeId parent { nativeId } ... on WorkflowRun { workflowId origin }
         children(first: 1) { edges { node { nativeId parent { nativeId } children(first: 1) { edges { node { id } } } } } } } } }`,
    ))!;
    expect(tree.childRuns).toEqual([{ stepKey: 'summarize_page', workflowId: catalogWorkflowIds.summarize, runId: childId, status: 'SUCCEEDED' }]);
    const child = tree.children.edges[0].node;
    expect(child).toMatchObject({
      nativeId: `${catalogWorkflowIds.summarize}/${childId}`,
      workflowId: catalogWorkflowIds.summarize,
      origin: 'WORKFLOW',
      parent: { nativeId: `${catalogWorkflowIds.ingest}/${top}` },
    });
    const grandchild = child.children.edges[0].node;
    expect(grandchild).toEqual({
      nativeId: `${catalogWorkflowIds.classify}/${grandchildId}`,
      parent: { nativeId: child.nativeId },
      children: { edges: [] },
    });
    // Once seen through its parent, a child read on its own knows its parent too.
    expect(await read(`${catalogWorkflowIds.classify}/${grandchildId}`, 'parent { nativeId }')).toEqual({ parent: { nativeId: child.nativeId } });
  });

  it('links a workflow step to its child run', async () => {
    const top = stack.simulator.addRun({ workflowId: catalogWorkflowIds.summarize, status: 'COMPLETED' });
    const [childId] = stack.simulator.childRunIds(top);
    const run = (await read(`${catalogWorkflowIds.summarize}/${top}`, `... on WorkflowRun { steps { key type childRun { runId run { nativeId status } } } }`))!;
    const step = run.steps.find((candidate: { type: string }) => candidate.type === 'workflow');
    expect(step).toEqual({ key: 'classify_doc', type: 'workflow', childRun: { runId: childId, run: { nativeId: `wf_1/${childId}`, status: 'SUCCEEDED' } } });
  });
});

describe('workflowRuns', () => {
  const query = `query ($workflowId: String!, $status: ExecutionStatus, $origin: WorkflowRunOrigin, $first: Int, $after: String) {
    workflowRuns(provider: "cortex", workflowId: $workflowId, status: $status, origin: $origin, first: $first, after: $after) {
      totalCount edges { cursor node { nativeId status ... on WorkflowRun { origin } } } pageInfo { hasNextPage endCursor }
    }
  }`;
  type Window = { totalCount: number | null; edges: { cursor: string; node: { nativeId: string; status: string; origin: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  const runs = async (variables: Record<string, unknown>) => {
    const response = await stack.gateway.graphql<{ workflowRuns: Window }>(query, variables);
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.workflowRuns;
  };
  const workflowId = 'wf_runs.query-ü';
  const seeded: Record<string, string[]> = {};

  beforeAll(() => {
    stack.simulator.addWorkflow({ id: workflowId, name: 'Runs query' });
    const plan: [string, string][] = [
      ['COMPLETED', 'ENDPOINT'], ['COMPLETED', 'TRIGGER'], ['FAILED', 'ENDPOINT'], ['COMPLETED', 'ENDPOINT'],
      ['CANCELLED', 'WEBHOOK'], ['COMPLETED', 'ENDPOINT'], ['COMPLETED', 'ENDPOINT'], ['ARCHIVED', 'TEST'],
    ];
    plan.forEach(([status, origin], index) => {
      const runId = stack.simulator.addRun({ workflowId, status, origin, createdAt: stack.clock.now() - (index + 1) * 60_000 });
      (seeded[`${status}/${origin}`] ??= []).push(`${workflowId}/${runId}`);
    });
  });

  it('pushes one status and one origin down as Cortex’s values, with the total from pagination-count', async () => {
    const first = await runs({ workflowId, status: 'SUCCEEDED', origin: 'API', first: 2 });
    const expected = seeded['COMPLETED/ENDPOINT']!;
    expect(first.totalCount).toBe(expected.length);
    expect(first.edges.map((edge) => edge.node.nativeId)).toEqual(expected.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const request = stack.proxy.to(`/apps/c/workflows/${workflowId}/runs`, 'GET').at(-1)!;
    expect(Object.fromEntries(request.query)).toEqual({ status: 'COMPLETED', origin: 'ENDPOINT', page: '1', take: '2' });
    // New matching runs, one at the top and one between the two returned, do not shift what the cursor resumes.
    stack.simulator.addRun({ workflowId, status: 'COMPLETED', origin: 'ENDPOINT', createdAt: stack.clock.now() });
    const between = stack.simulator.addRun({ workflowId, status: 'COMPLETED', origin: 'ENDPOINT', createdAt: stack.clock.now() - 90_000 });
    const second = await runs({ workflowId, status: 'SUCCEEDED', origin: 'API', first: 5, after: first.pageInfo.endCursor });
    expect(second.edges.map((edge) => edge.node.nativeId)).toEqual(expected.slice(2));
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Any edge's cursor resumes right after it: after the first, the run created between the two.
    const fromFirstEdge = await runs({ workflowId, status: 'SUCCEEDED', origin: 'API', first: 2, after: first.edges[0]!.cursor });
    expect(fromFirstEdge.edges.map((edge) => edge.node.nativeId)).toEqual([`${workflowId}/${between}`, expected[1]]);
  });

  it('filters UNKNOWN itself, without a status for Cortex and without an exact total', async () => {
    const unknown = await runs({ workflowId, status: 'UNKNOWN' });
    expect(unknown.edges.map((edge) => edge.node.nativeId)).toEqual(seeded['ARCHIVED/TEST']);
    expect(unknown.totalCount).toBeNull();
    expect(stack.proxy.to(`/apps/c/workflows/${workflowId}/runs`, 'GET').at(-1)!.query.has('status')).toBe(false);
    const none = await runs({ workflowId, status: 'NEEDS_REVIEW' });
    expect(none).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('answers the total alone for first: 0, and rejects a foreign cursor', async () => {
    expect(await runs({ workflowId, first: 0 })).toMatchObject({ edges: [], pageInfo: { hasNextPage: true }, totalCount: 10 });
    const bad = await stack.gateway.graphql(query, { workflowId, after: 'bm90LWEtY3Vyc29y' });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists a workflow’s runs from the workflow itself', async () => {
    const response = await stack.gateway.graphql<{ workflow: { runs: Window } }>(
      `query ($id: String!) { workflow(provider: "cortex", id: $id) { runs(first: 3, status: FAILED) { totalCount edges { node { nativeId } } } } }`,
      { id: workflowId },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.workflow.runs).toEqual({ totalCount: 1, edges: [{ node: { nativeId: seeded['FAILED/ENDPOINT']![0] } }] });
  });
});

describe('workflows and versions', () => {
  const workflowFields = `id workflowId discoverable name appId visibility tags createdAt retention { maxAgeSeconds keepForever preserveOnFailure } currentVersion { number versionId }`;

  it('lists the app’s workflows with totals from the pagination headers, page by page', async () => {
    const first = await stack.gateway.graphql<{ workflows: any }>(`{ workflows(provider: "cortex", first: 2) { totalCount edges { cursor node { workflowId } } pageInfo { hasNextPage endCursor } } }`);
    expect(first.body.errors).toBeUndefined();
    // The catalog's four, and the one the workflowRuns tests added.
    expect(first.body.data!.workflows.totalCount).toBe(5);
    expect(first.body.data!.workflows.pageInfo.hasNextPage).toBe(true);
    const second = await stack.gateway.graphql<{ workflows: any }>(
      `query ($after: String) { workflows(provider: "cortex", first: 3, after: $after) { edges { node { workflowId } } pageInfo { hasNextPage } } }`,
      { after: first.body.data!.workflows.pageInfo.endCursor },
    );
    const ids = [...first.body.data!.workflows.edges, ...second.body.data!.workflows.edges].map((edge: { node: { workflowId: string } }) => edge.node.workflowId);
    expect(new Set(ids)).toEqual(new Set(['wf_1', 'wf-summarize', 'wf.v2.ingest', 'wf_翻訳-ünï', 'wf_runs.query-ü']));
    expect(second.body.data!.workflows.pageInfo.hasNextPage).toBe(false);
    const pages = stack.proxy.to('/apps/c/workflows', 'GET').slice(-2);
    expect(pages.map((entry) => [entry.query.get('page'), entry.query.get('take')])).toEqual([
      ['1', '2'],
      // Offset 2, three more: no page of take 3 or 4 holds them all, one of take 5 does.
      ['1', '5'],
    ]);
  });

  it('discovers public workflows of every app and reads one of another app', async () => {
    const response = await stack.gateway.graphql<{ workflows: any; market: any; marketVersion: unknown; hidden: unknown }>(
      `{ workflows(provider: "cortex", discoverable: true) { totalCount edges { node { workflowId discoverable appId } } }
         market: workflow(provider: "cortex", id: "${catalogWorkflowIds.marketEnrich}", discoverable: true) { ${workflowFields} }
         marketVersion: workflowVersion(provider: "cortex", workflowId: "${catalogWorkflowIds.marketEnrich}", version: "1", discoverable: true) { number appId isDraft }
         hidden: workflow(provider: "cortex", id: "${catalogWorkflowIds.marketEnrich}") { id } }`,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.workflows.totalCount).toBe(3);
    expect(response.body.data!.workflows.edges.map((edge: { node: { workflowId: string } }) => edge.node.workflowId).sort()).toEqual(
      [catalogWorkflowIds.summarize, catalogWorkflowIds.translate, catalogWorkflowIds.marketEnrich].sort(),
    );
    expect(response.body.data!.market).toMatchObject({ workflowId: catalogWorkflowIds.marketEnrich, discoverable: true, appId: 'app_market', visibility: 'PUBLIC' });
    expect(response.body.data!.marketVersion).toEqual({ number: 1, appId: 'app_market', isDraft: false });
    // Another app's workflow is not among the app's own.
    expect(response.body.data!.hidden).toBeNull();
  });

  it('reads a workflow, its retention, versions and one version by number or id, and resolves their node ids', async () => {
    const response = await stack.gateway.graphql<{ workflow: any; missing: unknown }>(
      `{ workflow(provider: "cortex", id: "wf_1") { ${workflowFields} versions(first: 2) { totalCount edges { node { id versionId number rollbackVersion notes createdBy { name } } } pageInfo { hasNextPage } } }
         missing: workflow(provider: "cortex", id: "nope") { id } }`,
    );
    expect(response.body.errors).toBeUndefined();
    const workflow = response.body.data!.workflow;
    expect(workflow).toMatchObject({
      workflowId: 'wf_1',
      discoverable: false,
      tags: ['support', 'triage'],
      retention: { maxAgeSeconds: 30 * 86_400, keepForever: false, preserveOnFailure: true },
      currentVersion: { number: 3 },
    });
    expect(workflow.createdAt).toMatch(isoUtc);
    expect(workflow.versions.totalCount).toBe(3);
    expect(workflow.versions.edges.map((edge: { node: { number: number } }) => edge.node.number)).toEqual([3, 2]);
    expect(workflow.versions.pageInfo.hasNextPage).toBe(true);
    expect(response.body.data!.missing).toBeNull();

    const second = workflow.versions.edges[1].node;
    const byId = await stack.gateway.graphql<Record<string, any>>(
      `query ($versionId: String!, $workflowNode: ID!, $versionNode: ID!) {
        byNumber: workflowVersion(provider: "cortex", workflowId: "wf_1", version: "2") { versionId rollbackVersion }
        byId: workflowVersion(provider: "cortex", workflowId: "wf_1", version: $versionId) { number }
        none: workflowVersion(provider: "cortex", workflowId: "wf_1", version: "9") { number }
        workflowNode: node(id: $workflowNode) { id __typename ... on Workflow { workflowId name } }
        versionNode: node(id: $versionNode) { id __typename ... on WorkflowVersion { number } }
      }`,
      { versionId: second.versionId, workflowNode: workflow.id, versionNode: second.id },
    );
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data).toEqual({
      byNumber: { versionId: second.versionId, rollbackVersion: 1 },
      byId: { number: 2 },
      none: null,
      workflowNode: { id: workflow.id, __typename: 'Workflow', workflowId: 'wf_1', name: 'Classify ticket' },
      versionNode: { id: second.id, __typename: 'WorkflowVersion', number: 2 },
    });
  });

  it('answers NOT_SUPPORTED for the workflow catalog of a provider of another kind, BAD_USER_INPUT for an unknown one', async () => {
    const other = await stack.gateway.graphql(`{ workflows(provider: "archive") { totalCount } }`);
    expect(other.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'archive' });
    const unknown = await stack.gateway.graphql(`{ workflows(provider: "nope") { totalCount } }`);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
