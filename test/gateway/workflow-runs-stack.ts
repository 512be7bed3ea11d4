/**
 * Moved to test/helpers/workflow-runs-stack.ts. This re-export stays only for
 * test/helpers/live-kinds.ts, which belongs to the live-updates work in progress; delete it once
 * that file imports from test/helpers.
 */
export { startWorkflowRunsStack } from '../helpers/workflow-runs-stack.js';
