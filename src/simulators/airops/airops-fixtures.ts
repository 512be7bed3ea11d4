/**
 * The demo data set: a few apps and a spread of executions that covers every shape the real
 * service may send (int and string ids, every timestamp form, unicode, a ~1 MB output, error
 * messages of every JSON type, an unknown status). Seeded randomness only: same data every run.
 */
import { SeededRandom, truncateToFractionDigits } from '../kit/index.js';
import { airopsRandomOptions, type AiropsState } from './airops-state.js';
import { variedStyles } from './airops-timestamps.js';
import type { AiropsApp, AiropsExecutionSeed, AiropsRunScript, JsonObject, JsonValue } from './airops-types.js';

export interface DemoSeedOptions {
  /** How many executions (default 50, at least 30 so every special fixture fits). */
  executions?: number;
  /** How far back the oldest one was created (default 3 days). */
  spanMs?: number;
}

/** Uuids of the fixtures a test may want by name. */
export interface DemoFixtureUuids {
  largeOutput: string;
  unknownStatus: string;
  reviewNeeded: string;
  cancelled: string;
  errorString: string;
  errorObject: string;
  errorArray: string;
  errorNumber: string;
  errorBoolean: string;
  errorNull: string;
  errorCodeNull: string;
  unicode: string;
  stringId: string;
  unicodeId: string;
  upperCaseUuid: string;
  conversationInt: string;
  conversationString: string;
  withFeedback: string;
  inFlight: string[];
}

export interface DemoSeed {
  apps: AiropsApp[];
  /** Every seeded execution's uuid, oldest first. */
  executions: string[];
  fixtures: DemoFixtureUuids;
}

const unicodeSamples = [
  'Café ☕ — naïve résumé',
  '東京の天気は晴れ 🌤️',
  'Привет, мир',
  'مرحبا بالعالم',
  '👩‍💻 shipping at 3 a.m. 🚀',
  'Ünïcödé ẞ ǅ Ⅻ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
];
const topics = ['Remote work', 'Vector databases', 'Sourdough', 'Kubernetes costs', 'Cold brew', 'SEO in 2026'];
const sources: readonly (string | null)[] = ['api', 'app', 'grid', 'webhook', 'workflow_test', null];

export function seedDemo(state: AiropsState, now: number, options: DemoSeedOptions = {}): DemoSeed {
  const total = Math.max(30, options.executions ?? 50);
  const spanMs = options.spanMs ?? 3 * 24 * 3600_000;
  const random = new SeededRandom(state.settings.seed ^ 0xdeed, airopsRandomOptions);
  const apps = seedApps(state, random, now - spanMs - 3600_000);
  const published = apps.filter((app) => app.published);
  const seeds: AiropsExecutionSeed[] = [];
  const named: Partial<Record<keyof DemoFixtureUuids, number>> = {};
  const inFlightIndexes: number[] = [];

  for (let index = 0; index < total; index++) {
    const style = variedStyles[index % variedStyles.length]!;
    const app = index % 11 === 7 ? apps[apps.length - 1]! : random.pick(published);
    const createdAt = truncateToFractionDigits(now - spanMs + Math.floor((spanMs * index) / total) + random.integer(0, 999), style.fractionDigits);
    const runtime = random.integer(1, 40);
    seeds.push({
      app: app.id,
      uuid: state.freshUuid(),
      inputs: inputsFor(app, random),
      source: random.pick(sources),
      versionSlug: random.integer(1, app.versions),
      createdAt,
      timestampStyle: style,
      status: pickStatus(random),
      runtime,
      updatedAt: createdAt + runtime * 1000 + random.integer(0, 900),
      creditsUsed: random.integer(1, 60),
    });
  }

  // Specific shapes on fixed positions, newest last; the last three are still in flight.
  const special = (name: keyof DemoFixtureUuids, index: number, patch: Partial<AiropsExecutionSeed>): void => {
    seeds[index] = { ...seeds[index]!, ...patch };
    named[name] = index;
  };
  special('largeOutput', 2, { status: 'success', output: largeOutput() });
  special('unknownStatus', 4, { status: 'paused_by_admin', output: null, runtime: null });
  special('reviewNeeded', 5, { status: 'review_needed', output: { draft: 'Awaiting editor approval ✅' }, runtime: null });
  special('cancelled', 6, { status: 'cancelled', output: null });
  special('errorString', 8, { status: 'error', errorCode: 'llm_error', errorMessage: 'Rate limit reached for model gpt-4o' });
  special('errorObject', 9, { status: 'error', errorCode: 'step_failed', errorMessage: { step: 'fetch_api', status: 502, detail: 'Bad gateway' } });
  special('errorArray', 10, { status: 'error', errorCode: 'validation_error', errorMessage: ['topic is too long', 'tone: unknown value'] });
  special('errorNumber', 12, { status: 'error', errorCode: 'http_error', errorMessage: 504 });
  special('errorBoolean', 13, { status: 'error', errorCode: 'unknown', errorMessage: false });
  special('errorNull', 14, { status: 'error', errorCode: 'timeout', errorMessage: null });
  special('errorCodeNull', 15, { status: 'error', errorCode: null, errorMessage: 'Something went wrong' });
  special('unicode', 16, {
    status: 'success',
    inputs: { topic: unicodeSamples.join(' | '), tone: 'enthousiaste 😄' },
    output: { title: '¿Qué es Unicode? — ユニコードとは', body: unicodeSamples.join('\n'), emoji: '🧪🔬✨' },
  });
  special('stringId', 17, { status: 'success', id: '900017' });
  special('unicodeId', 18, { status: 'success', id: 'exec-Ω-18-ünïcode' });
  special('upperCaseUuid', 19, { status: 'success', uuid: state.freshUuid().toUpperCase() });
  special('conversationInt', 20, { status: 'success', conversationId: 4711 });
  special('conversationString', 21, { status: 'success', conversationId: 'conv_7f3a-π' });
  special('withFeedback', 22, { status: 'success', feedback: 'positive' });
  seeds[23] = { ...seeds[23]!, status: 'success', feedback: 'neutral' };
  seeds[24] = { ...seeds[24]!, status: 'success', feedback: 'negative' };
  for (const [offset, outcome] of (['success', 'error', 'success'] as const).entries()) {
    const index = total - 3 + offset;
    const base = seeds[index]!;
    const createdAt = truncateToFractionDigits(now - (3 - offset) * 1500, base.timestampStyle!.fractionDigits);
    const { status: _status, updatedAt: _updatedAt, runtime: _runtime, creditsUsed: _credits, ...rest } = base;
    // an unpublished app cannot run, so an in-flight run on one moves to a published app
    const app = published.find((candidate) => candidate.id === base.app) ?? published[offset % published.length]!;
    const inputs = app.id === base.app && rest.inputs ? rest.inputs : inputsFor(app, random);
    seeds[index] = { ...rest, app: app.id, inputs, createdAt, run: { outcome, pendingMs: 2000, runningMs: 6000 + offset * 3000 } };
    inFlightIndexes.push(index);
  }

  const uuids = seeds.map((seed) => state.addExecution(seed, now).uuid);
  const uuidAt = (index: number | undefined): string => uuids[index!]!;
  const fixtures = Object.fromEntries(Object.entries(named).map(([name, index]) => [name, uuidAt(index)])) as Omit<DemoFixtureUuids, 'inFlight'>;
  return { apps, executions: uuids, fixtures: { ...fixtures, inFlight: inFlightIndexes.map(uuidAt) } };
}

function seedApps(state: AiropsState, random: SeededRandom, createdAt: number): AiropsApp[] {
  const firstId = Math.max(3140, ...state.apps().map((app) => app.id)) + 1;
  const specs = [
    { name: 'Blog Post Writer ✍️', versions: 3, inputNames: ['topic', 'tone'], published: true },
    { name: 'SEO Meta Generator', versions: 1, inputNames: ['url'], published: true },
    { name: 'Résumé Screener — 日本語', versions: 2, inputNames: ['resume', 'role'], published: true },
    { name: 'Legacy Scraper (draft)', versions: 1, inputNames: ['url'], published: false },
  ];
  return specs.map((spec, index) =>
    state.addApp(
      { ...spec, id: firstId + index, uuid: random.uuid(), description: `Demo app: ${spec.name}`, createdAt: createdAt + index * 60_000 },
      createdAt,
    ),
  );
}

function pickStatus(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.7) return 'success';
  if (roll < 0.85) return 'error';
  if (roll < 0.95) return 'cancelled';
  return 'review_needed';
}

function inputsFor(app: AiropsApp, random: SeededRandom): JsonObject {
  const inputs: JsonObject = {};
  for (const name of app.inputNames) {
    inputs[name] = name === 'url' ? `https://example.com/${random.integer(1, 999)}` : random.pick([...topics, ...unicodeSamples]);
  }
  return inputs;
}

/** ~1 MB of output: a long article plus structured sections, unicode included. */
function largeOutput(): JsonValue {
  const paragraph = 'Lorem ipsum dolor sit amet — ünïcödé ✓ 東京 🚀. ';
  const body = paragraph.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(paragraph)));
  return { article: body, sections: Array.from({ length: 50 }, (_, index) => ({ heading: `Section ${index + 1}`, words: 400 + index })) };
}

/** What the demo starts every few seconds: a random published app with a plausible outcome. */
export function demoRunScript(random: SeededRandom): AiropsRunScript {
  const roll = random.next();
  const outcome = roll < 0.75 ? 'success' : roll < 0.92 ? 'error' : 'review_needed';
  return { outcome, pendingMs: random.integer(500, 3000), runningMs: random.integer(2000, 12_000) };
}

export function demoInputs(app: AiropsApp, random: SeededRandom): JsonObject {
  return inputsFor(app, random);
}
