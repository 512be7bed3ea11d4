import { everyDateTimeForm, type SeededRandom } from '../kit/index.js';
import { ioDetail, messageDetail, toolCallDetail, type NestedDetailSpec } from './nested-detail.js';
import type { NestedLifecycle, NestedOutcome } from './nested-lifecycle.js';
import { nestedResponders, oddResponderId } from './nested-responders.js';
import type { NestedTimeFormat } from './nested-time.js';
import type { NestedExecutionSpec, NestedTreeHandle } from './nested-types.js';

/** Ids in the demo data set that tests look for. */
export interface NestedDemoSeed {
  trees: NestedTreeHandle[];
  /** An execution whose output is about 1 MB of UTF-8. */
  largeOutputId: string;
  /** Purged long after they ended (isPurged true, detail emptied). */
  purgedIds: string[];
  chatMessages: { chatMessageId: string; executionId: string }[];
  /** Failed executions whose detail carries an `error` of each JSON type. */
  errorIds: Record<'string' | 'number' | 'boolean' | 'null' | 'array' | 'object', string>;
  /** Unknown status strings: one with endedAt set, one without. */
  unknownStatusIds: { ended: string; open: string };
  oddResponderExecutionId: string;
  /** Roots still running at seed time. */
  runningRootIds: string[];
}

export interface DemoHost {
  random: SeededRandom;
  now: number;
  addTree(spec: NestedExecutionSpec): NestedTreeHandle;
  scriptedRemaining(): number;
}

/** Every record of the demo takes the next format, so all forms appear across ~45 records. */
const timeFormats: readonly NestedTimeFormat[] = [...everyDateTimeForm, { offset: 'Z', fractionDigits: 9 }];

const hourMs = 3_600_000;
const [sofia, scout, triage, copilot] = nestedResponders.map((responder) => responder.id) as [string, string, string, string];

/** About 1 MB of UTF-8 with multi-byte characters, built without randomness. */
export function largeReport(targetBytes = 1_000_000): string {
  const segment = 'Relatório ✓ — 東京タワー — naïve café — Ελληνικά — 🚀📦 — línea ñandú. ';
  const repeats = Math.ceil(targetBytes / Buffer.byteLength(segment));
  return segment.repeat(repeats);
}

export function seedDemoData(host: DemoHost): NestedDemoSeed {
  const { random, now } = host;
  let formatIndex = 0;
  const nextFormat = (): NestedTimeFormat => timeFormats[formatIndex++ % timeFormats.length]!;
  const past = (overrides: NestedLifecycle = {}): NestedLifecycle => ({
    pendingMs: random.integer(100, 3000),
    runningMs: random.integer(500, 20_000),
    ...overrides,
  });
  const uuid = (): string => random.uuid();
  const trees: NestedTreeHandle[] = [];
  const add = (spec: NestedExecutionSpec): NestedTreeHandle => {
    const handle = host.addTree(withTimeFormats(spec, nextFormat));
    trees.push(handle);
    return handle;
  };

  const supportChat = uuid();
  const support = add({
    responderId: sofia, isAgentic: true, chatMessageId: supportChat, createdAt: now - 50 * hourMs, lifecycle: past(),
    detail: messageDetail(
      [{ role: 'user', content: 'Olá! Meu pedido #4521 não chegou — podem verificar? 📦' }],
      { role: 'assistant', content: 'Claro! Seu pedido saiu para entrega hoje às 14h. 🚚' },
    ),
    children: [
      { responderId: sofia, isAgentic: true, lifecycle: past(), detail: toolCallDetail({ id: 'call_1', name: 'lookup_order', arguments: { orderId: 4521 }, result: { status: 'em trânsito', carrier: 'Correios' } }) },
      {
        responderId: sofia, lifecycle: past(), spawnDelayMs: 1200,
        detail: ioDetail({ draft: 'Seu pedido saiu para entrega.' }, { reply: 'Seu pedido saiu para entrega hoje às 14h. 🚚' }),
        children: [{ responderId: sofia, lifecycle: past(), detail: toolCallDetail({ id: 'call_2', name: 'translate', arguments: { text: 'Seu pedido saiu para entrega.', target: 'es-ES' }, result: { text: '¡Tu pedido salió para entrega!' } }) }],
      },
    ],
  });

  add({
    responderId: scout, isAgentic: true, createdAt: now - 30 * hourMs, lifecycle: past({ creditsUsed: 42.125 }),
    detail: ioDetail({ question: 'Quais são os 3 maiores rios do mundo?', language: 'pt-BR' }, { answer: ['Nilo', 'Amazonas', 'Yangtzé (长江)'], confidence: 0.87 }),
    children: [{
      responderId: scout, isAgentic: true, lifecycle: past(),
      detail: ioDetail({ goal: 'plan research' }, { steps: ['search', 'summarize', 'cite'] }),
      children: [
        { responderId: scout, lifecycle: past({ finalStatus: 'success' }), detail: toolCallDetail({ id: 'call_s1', name: 'search_web', arguments: { q: 'longest rivers' }, result: { hits: 3 } }) },
        { responderId: scout, lifecycle: past({ outcome: 'cancelled', finalStatus: 'canceled', creditsUsed: 0 }), detail: toolCallDetail({ id: 'call_s2', name: 'search_web', arguments: { q: 'rios mais longos' }, result: null }) },
        {
          responderId: scout, isAgentic: true, lifecycle: past(), spawnDelayMs: 2500,
          detail: ioDetail({ texts: 2 }, { summary: 'O Nilo e o Amazonas disputam o primeiro lugar.' }),
          children: [{
            responderId: scout, lifecycle: past(),
            detail: toolCallDetail({ id: 'call_c1', name: 'cite_sources', arguments: { style: 'ABNT' }, result: ['Britannica', 'IBGE'] }),
            children: [{ responderId: scout, lifecycle: past(), detail: messageDetail([{ role: 'system', content: 'Format as a list' }], { role: 'assistant', content: '1. Nilo\n2. Amazonas\n3. Yangtzé' }) }],
          }],
        },
      ],
    }],
  });

  const failing = add({
    responderId: triage, createdAt: now - 20 * hourMs, lifecycle: past({ outcome: 'failed' }),
    detail: ioDetail({ orderId: 'PED-9001', items: ['cadeira', 'mesa'] }, {}, { error: { code: 'UPSTREAM_TIMEOUT', message: 'O serviço de estoque não respondeu', retryable: true } }),
    children: [
      { responderId: triage, lifecycle: past({ outcome: 'failed', finalStatus: 'timeout' }), detail: toolCallDetail({ id: 'call_f1', name: 'check_stock', arguments: { sku: 'CAD-01' }, result: null, error: 'Tempo esgotado após 30 s ⏱️' }) },
      { responderId: triage, lifecycle: past({ outcome: 'failed', finalStatus: 'error' }), detail: toolCallDetail({ id: 'call_f2', name: 'reserve_item', arguments: { sku: 'MES-02' }, result: null, error: 504 }) },
      { responderId: triage, lifecycle: past({ outcome: 'failed' }), detail: ioDetail({ channel: 'email' }, {}, { error: [{ field: 'email', issue: 'inválido' }, 'fallback-sms-failed'] }) },
      { responderId: triage, lifecycle: past({ outcome: 'failed' }), detail: messageDetail([{ role: 'user', content: 'Resuma o pedido' }], { role: 'assistant', content: '' }, { error: null }) },
      { responderId: triage, lifecycle: past({ outcome: 'failed' }), detail: ioDetail({ audit: true }, {}, { error: false }) },
      { responderId: triage, lifecycle: past(), detail: ioDetail({ ledger: 'PED-9001' }, { booked: true }) },
    ],
  });

  const purgeAfterMs = 24 * hourMs;
  const purged = add({
    responderId: sofia, isAgentic: true, createdAt: now - 72 * hourMs, lifecycle: past({ purgeAfterMs }),
    detail: ioDetail({ cpf: '123.456.789-00', pergunta: 'Qual é o meu saldo?' }, { saldo: 'R$ 1.234,56' }),
    children: [
      { responderId: sofia, lifecycle: past({ purgeAfterMs }), detail: toolCallDetail({ id: 'call_p1', name: 'get_balance', arguments: { account: '0001-9' }, result: { amount: 1234.56 } }) },
      { responderId: sofia, lifecycle: past({ purgeAfterMs }), detail: messageDetail([{ role: 'user', content: 'Saldo?' }], { role: 'assistant', content: 'R$ 1.234,56' }) },
    ],
  });

  const large = add({
    responderId: scout, createdAt: now - 40 * hourMs, lifecycle: past({ creditsUsed: 1234.5678 }),
    detail: ioDetail({ task: 'Gerar relatório anual 📊' }, { report: largeReport() }),
  });

  const statusZoo = add({
    responderId: copilot, isAgentic: true, createdAt: now - 10 * hourMs,
    lifecycle: { pendingMs: 800, runningMs: Infinity, runningStatus: 'processing' },
    detail: ioDetail({ batch: 'status zoo' }, {}),
    children: [
      { responderId: copilot, lifecycle: { pendingMs: Infinity, pendingStatus: 'queued' }, detail: ioDetail({ waitFor: 'a free worker' }, {}) },
      { responderId: copilot, isAgentic: true, lifecycle: { pendingMs: 0, runningMs: Infinity, runningStatus: 'waiting_for_input' }, detail: messageDetail([{ role: 'assistant', content: 'Qual é o CEP de entrega?' }], { role: 'user', content: '' }) },
      { responderId: copilot, lifecycle: past({ finalStatus: 'archived_by_policy' }), detail: ioDetail({ policy: 'retention-30d' }, { archived: true }) },
      { responderId: copilot, lifecycle: past({ finalStatus: 'on_hold', setsEndedAt: false }), detail: ioDetail({ hold: 'manual review' }, {}) },
      { responderId: copilot, lifecycle: past({ outcome: 'cancelled', finalStatus: 'canceled', creditsUsed: 0 }), detail: toolCallDetail({ id: 'call_z1', name: 'send_sms', arguments: { to: '+55 11 9****-0000' }, result: null }) },
      { responderId: copilot, lifecycle: past({ finalStatus: 'success' }), detail: ioDetail({ ping: 1 }, { pong: 1 }) },
      { responderId: copilot, lifecycle: past({ outcome: 'failed', finalStatus: 'timeout' }), detail: ioDetail({ slow: true }, {}, { error: { seconds: 300 } }) },
    ],
  });

  const copilotChat = uuid();
  const copilotTree = add({
    responderId: copilot, isAgentic: true, chatMessageId: copilotChat, createdAt: now - 5 * hourMs, lifecycle: past(),
    detail: messageDetail([{ role: 'user', content: 'Quanto é 12% de R$ 2.500? 🧮' }], { role: 'assistant', content: 'São R$ 300,00.' }),
    children: [
      { responderId: copilot, lifecycle: past(), detail: toolCallDetail({ id: 'call_m1', name: 'calculator', arguments: { expression: '2500 * 0.12' }, result: 300 }) },
      { responderId: copilot, lifecycle: past(), detail: ioDetail({ locale: 'pt-BR', value: 300 }, { formatted: 'R$ 300,00' }) },
    ],
  });

  add({
    responderId: triage, createdAt: now - 2 * hourMs, lifecycle: past({ outcome: 'cancelled', creditsUsed: 0 }),
    detail: ioDetail({ orderId: 'PED-9002' }, {}),
    children: [
      { responderId: triage, lifecycle: past({ outcome: 'cancelled', creditsUsed: 0 }), detail: toolCallDetail({ id: 'call_x1', name: 'check_stock', arguments: { sku: 'SOF-03' }, result: null }) },
      { responderId: triage, lifecycle: past({ outcome: 'cancelled', creditsUsed: 0.5 }), detail: ioDetail({ step: 'reserve' }, {}) },
    ],
  });

  const odd = add({
    responderId: oddResponderId, createdAt: now - 1.5 * hourMs, lifecycle: past({ creditsUsed: 0.0001 }),
    detail: ioDetail({ prompt: 'Écris un haïku sur Zürich' }, { haiku: 'Lac gris de Zürich —\nles cygnes glissent sans bruit —\nfondue en hiver' }),
  });

  add({
    responderId: sofia, createdAt: now - 8 * hourMs, lifecycle: past(),
    detail: toolCallDetail({ id: 'call_d0', name: 'delegate', arguments: { depth: 0 }, result: { ok: true } }),
    children: [chain(1, 5, past)],
  });

  const running = add({
    responderId: scout, isAgentic: true, createdAt: now - 2000, lifecycle: { pendingMs: 400, runningMs: 3000 },
    detail: ioDetail({ question: 'Resuma as notícias de hoje 🗞️' }, { summary: 'Três destaques: clima, economia e esportes.' }),
    children: [
      { responderId: scout, lifecycle: { pendingMs: 0, runningMs: 8000 }, detail: toolCallDetail({ id: 'call_r1', name: 'fetch_news', arguments: { region: 'BR' }, result: { items: 12 } }) },
      {
        responderId: scout, lifecycle: { pendingMs: 300, runningMs: 15_000 }, detail: ioDetail({ items: 12 }, { clusters: 3 }),
        children: [{ responderId: scout, lifecycle: { pendingMs: 200, runningMs: 4000 }, detail: toolCallDetail({ id: 'call_r2', name: 'embed', arguments: { items: 12 }, result: { dims: 1536 } }) }],
      },
      { responderId: scout, lifecycle: { pendingMs: 1000, runningMs: 25_000, outcome: 'failed' }, detail: ioDetail({ source: 'paywalled' }, {}, { error: 'HTTP 402 — conteúdo pago' }) },
    ],
  });

  const [checkStock, reserveItem, notify, summarize, audit] = failing.children.map((child) => child.id);
  const [, , archived, onHold] = statusZoo.children.map((child) => child.id);
  return {
    trees,
    largeOutputId: large.id,
    purgedIds: purged.ids,
    chatMessages: [
      { chatMessageId: supportChat, executionId: support.id },
      { chatMessageId: copilotChat, executionId: copilotTree.id },
    ],
    errorIds: {
      object: failing.id,
      string: checkStock!,
      number: reserveItem!,
      array: notify!,
      null: summarize!,
      boolean: audit!,
    },
    unknownStatusIds: { ended: archived!, open: onHold! },
    oddResponderExecutionId: odd.id,
    runningRootIds: [statusZoo.id, running.id],
  };
}

function chain(depth: number, last: number, lifecycle: () => NestedLifecycle): NestedExecutionSpec {
  return {
    responderId: sofia,
    lifecycle: lifecycle(),
    detail: toolCallDetail({ id: `call_d${depth}`, name: 'delegate', arguments: { depth }, result: { ok: true, depth } }),
    ...(depth < last ? { children: [chain(depth + 1, last, lifecycle)] } : {}),
  };
}

/** Gives every node without an explicit format the next one in the rotation. */
function withTimeFormats(spec: NestedExecutionSpec, nextFormat: () => NestedTimeFormat): NestedExecutionSpec {
  return {
    ...spec,
    timeFormat: spec.timeFormat ?? nextFormat(),
    ...(spec.children ? { children: spec.children.map((child) => withTimeFormats(child, nextFormat)) } : {}),
  };
}

const demoPrompts: readonly { prompt: string; reply: string }[] = [
  { prompt: 'Qual o status do meu pedido? 📦', reply: 'Está a caminho! 🚚' },
  { prompt: '¿Puedes resumir este contrato?', reply: 'Claro: 12 meses, renovación automática.' },
  { prompt: 'Translate “naïve café” to Japanese', reply: 'ナイーブなカフェ' },
  { prompt: 'Agende uma reunião às 15h', reply: 'Reunião marcada para 15h ✅' },
];

/** A new tree that starts now: a root with 1–3 children (sometimes a grandchild). */
export function demoRunSpec(host: DemoHost): NestedExecutionSpec {
  const { random } = host;
  const responder = random.pick(nestedResponders).id;
  const outcome = (): NestedOutcome => {
    const draw = random.next();
    return draw < 0.8 ? 'completed' : draw < 0.92 ? 'failed' : 'cancelled';
  };
  const leaf = (index: number, mayHaveChild: boolean): NestedExecutionSpec => {
    const result = outcome();
    const variant = random.integer(0, 2);
    const sample = random.pick(demoPrompts);
    const detail: NestedDetailSpec =
      variant === 0
        ? toolCallDetail({ id: `call_${index}`, name: random.pick(['search_web', 'lookup_order', 'calculator']), arguments: { n: index }, result: { ok: true }, error: 'ferramenta indisponível' })
        : variant === 1
          ? ioDetail({ step: index, text: sample.prompt }, { text: sample.reply }, { error: { reason: 'timeout', afterMs: 30_000 } })
          : messageDetail([{ role: 'user', content: sample.prompt }], { role: 'assistant', content: sample.reply }, { error: 'modelo sobrecarregado' });
    return {
      responderId: responder,
      isAgentic: random.next() < 0.5,
      lifecycle: { pendingMs: random.integer(0, 800), runningMs: random.integer(1500, 6000), outcome: result, creditsUsed: random.decimal(3, 4) },
      spawnDelayMs: random.integer(0, 1000),
      detail,
      ...(mayHaveChild && random.next() < 0.3 ? { children: [leaf(index * 10 + 1, false)] } : {}),
    };
  };
  const sample = random.pick(demoPrompts);
  const spec: NestedExecutionSpec = {
    responderId: responder,
    isAgentic: random.next() < 0.6,
    ...(random.next() < 0.5 ? { chatMessageId: random.uuid() } : {}),
    lifecycle: { pendingMs: random.integer(300, 1200), runningMs: random.integer(1000, 4000), outcome: outcome(), creditsUsed: random.decimal(8, 4) },
    detail: messageDetail([{ role: 'user', content: sample.prompt }], { role: 'assistant', content: sample.reply }, { error: 'falha ao responder' }),
    children: Array.from({ length: random.integer(1, 3) }, (_, index) => leaf(index + 1, true)),
  };
  return dropLifecycles(spec, host.scriptedRemaining());
}

/** Scripted lifecycles (`scriptNextRuns`) win over the demo's random ones, in preorder. */
function dropLifecycles(spec: NestedExecutionSpec, count: number): NestedExecutionSpec {
  let remaining = count;
  const visit = (node: NestedExecutionSpec): NestedExecutionSpec => {
    const { lifecycle, ...rest } = node;
    const keep = remaining <= 0;
    if (!keep) remaining -= 1;
    const result: NestedExecutionSpec = keep && lifecycle ? { ...rest, lifecycle } : rest;
    if (node.children) result.children = node.children.map(visit);
    return result;
  };
  return visit(spec);
}
