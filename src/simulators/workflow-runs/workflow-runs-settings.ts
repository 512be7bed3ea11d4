import type { SimulatorClock } from '../kit/index.js';

/**
 * Options of the Cortex workflow-runs simulator. Each documented behaviour is the default; the
 * alternatives cover the assumptions (A#) and the documented-vs-code divergence (D2) listed in
 * UPSTREAMS.md, so a test can prove the gateway copes with either.
 */
export interface WorkflowRunsSimulatorOptions {
  clock?: SimulatorClock;
  /** The app the main key belongs to (default `app_1`). */
  appId?: string;
  appName?: string;
  /** The main key, sent as `Authorization: Bearer <key>` (default `cortex-demo-key`). */
  apiKey?: string;
  /** More keys of the main app. */
  apiKeys?: string[];
  /** Other apps: owners of discoverable workflows (A22); each may have its own key. */
  foreignApps?: Array<{ id: string; name?: string; apiKey?: string }>;
  /** Seed of the fixture and id generator (default 20231225). */
  seed?: number;
  /** D2: `map` (current docs), `legacy-array` (older docs) or `mixed` (alternating per run). */
  outputStyle?: 'map' | 'legacy-array' | 'mixed';
  /** `varied` (default): each record writes dates its own way (plain dates, offsets, 0–9 digits); `iso`: always `…sssZ`. */
  dateFormats?: 'varied' | 'iso';
  /** Lifecycle of API-started runs when no script is queued. */
  defaultTiming?: { pendingMs?: number; runningMs?: number };
  /** A8: cancel of a terminal run → 400 (`reject`, default) or answer the run unchanged (`return-run`). */
  cancelTerminalRun?: 'reject' | 'return-run';
  /** A10: replay requires a terminal run (default true); when false a live run is cut short and replayed. */
  replayRequiresTerminal?: boolean;
  /** A10: replay keeps the run id (default true); when false it creates a new run. */
  replayKeepsRunId?: boolean;
  /** A9: default and maximum of `take` (10 / 100) and what a larger `take` does (`reject` → 400, `clamp`). */
  pageTakeDefault?: number;
  pageTakeMax?: number;
  pageTakeOverflow?: 'reject' | 'clamp';
  /** A9: runs lists are newest first by default. */
  runsOrder?: 'newest-first' | 'oldest-first';
  /** A19: step `start`/`end` as epoch ms numbers (default) or ISO strings. */
  stepTimeFormat?: 'epoch-ms' | 'iso';
  /** A20: after `retention_due_at`, `input`/`output`/`result` read null (default true). */
  purgeAfterRetention?: boolean;
  /** A21: without `verbose=all` the version objects are null and step logs/calls are left out (`trim`, default) or everything is sent (`full`). */
  withoutVerbose?: 'trim' | 'full';
  /** A22: runs created under `/workflows/discover/...` of a foreign app's workflow are not readable through the plain GET (default false). */
  discoverRunsReadableViaPlainGet?: boolean;
  /** A24: origin of runs created through the API (default `ENDPOINT`). */
  apiRunOrigin?: string;
  /** Documented 500 requests/minute (per IP; one bucket here). Off unless set, so tests on a frozen clock are not throttled. */
  rateLimitPerMinute?: number;
}

export interface WorkflowRunsSettings {
  appId: string;
  appName: string;
  apiKey: string;
  extraApiKeys: string[];
  foreignApps: Array<{ id: string; name: string; apiKey?: string }>;
  seed: number;
  outputStyle: 'map' | 'legacy-array' | 'mixed';
  dateFormats: 'varied' | 'iso';
  pendingMs: number;
  runningMs: number;
  cancelTerminalRun: 'reject' | 'return-run';
  replayRequiresTerminal: boolean;
  replayKeepsRunId: boolean;
  pageTakeDefault: number;
  pageTakeMax: number;
  pageTakeOverflow: 'reject' | 'clamp';
  runsOrder: 'newest-first' | 'oldest-first';
  stepTimeFormat: 'epoch-ms' | 'iso';
  purgeAfterRetention: boolean;
  withoutVerbose: 'trim' | 'full';
  discoverRunsReadableViaPlainGet: boolean;
  apiRunOrigin: string;
  rateLimitPerMinute: number | undefined;
}

export function resolveSettings(options: WorkflowRunsSimulatorOptions): WorkflowRunsSettings {
  return {
    appId: options.appId ?? 'app_1',
    appName: options.appName ?? 'Support Desk',
    apiKey: options.apiKey ?? 'cortex-demo-key',
    extraApiKeys: options.apiKeys ?? [],
    foreignApps: (options.foreignApps ?? [{ id: 'app_market', name: 'Marketplace Labs', apiKey: 'cortex-market-key' }]).map((app) => ({
      id: app.id,
      name: app.name ?? app.id,
      ...(app.apiKey !== undefined ? { apiKey: app.apiKey } : {}),
    })),
    seed: options.seed ?? 20231225,
    outputStyle: options.outputStyle ?? 'map',
    dateFormats: options.dateFormats ?? 'varied',
    pendingMs: options.defaultTiming?.pendingMs ?? 500,
    runningMs: options.defaultTiming?.runningMs ?? 1500,
    cancelTerminalRun: options.cancelTerminalRun ?? 'reject',
    replayRequiresTerminal: options.replayRequiresTerminal ?? true,
    replayKeepsRunId: options.replayKeepsRunId ?? true,
    pageTakeDefault: options.pageTakeDefault ?? 10,
    pageTakeMax: options.pageTakeMax ?? 100,
    pageTakeOverflow: options.pageTakeOverflow ?? 'reject',
    runsOrder: options.runsOrder ?? 'newest-first',
    stepTimeFormat: options.stepTimeFormat ?? 'epoch-ms',
    purgeAfterRetention: options.purgeAfterRetention ?? true,
    withoutVerbose: options.withoutVerbose ?? 'trim',
    discoverRunsReadableViaPlainGet: options.discoverRunsReadableViaPlainGet ?? false,
    apiRunOrigin: options.apiRunOrigin ?? 'ENDPOINT',
    rateLimitPerMinute: options.rateLimitPerMinute,
  };
}
