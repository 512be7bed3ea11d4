import type { SimRequest, SimResponse } from '../kit/index.js';

/**
 * axum 0.7 extractor rejections, which FlowMason's handlers never customise: plain-text bodies
 * with 400 (syntax), 415 (content type), 422 (shape) and 413 (over the 2 MB default body limit).
 * serde's line/column suffixes are approximated (see the report).
 */
export type Extracted<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

export interface ExecuteFlowRequest {
  flowId: string;
  inputPayload: unknown;
}

export interface PaginationParams {
  limit: number;
  offset: number;
}

const defaultBodyLimitBytes = 2 * 1024 * 1024;

export function rejectOversizedBody(request: SimRequest): SimResponse | undefined {
  if (Buffer.byteLength(request.rawBody, 'utf8') <= defaultBodyLimitBytes) return undefined;
  return text(413, 'Failed to buffer the request body: length limit exceeded');
}

/** `Json<ExecuteFlowRequest>` where the struct is `{ flow_id: String, input_payload: Value }`. */
export function extractExecuteFlowRequest(request: SimRequest): Extracted<ExecuteFlowRequest> {
  const oversized = rejectOversizedBody(request);
  if (oversized) return { ok: false, response: oversized };
  if (!hasJsonContentType(request.headers['content-type'])) {
    return { ok: false, response: text(415, 'Expected request with `Content-Type: application/json`') };
  }
  if (request.rawBody.length === 0 || request.bodyError) {
    return { ok: false, response: text(400, `Failed to parse the request body as JSON: ${syntaxMessage(request.rawBody)}`) };
  }
  const problem = shapeProblem(request.body);
  if (problem !== undefined) {
    const position = endPosition(request.rawBody);
    return {
      ok: false,
      response: text(422, `Failed to deserialize the JSON body into the target type: ${problem} at ${position}`),
    };
  }
  const body = request.body;
  if (Array.isArray(body)) return { ok: true, value: { flowId: body[0] as string, inputPayload: body[1] } };
  const fields = body as Record<string, unknown>;
  return { ok: true, value: { flowId: fields.flow_id as string, inputPayload: fields.input_payload } };
}

/** `Query<PaginationParams>`: two `u32` fields with serde defaults 100 and 0; other keys are ignored. */
export function extractPagination(request: SimRequest): Extracted<PaginationParams> {
  const values: PaginationParams = { limit: 100, offset: 0 };
  const seen = new Set<string>();
  for (const [key, raw] of request.query) {
    if (key !== 'limit' && key !== 'offset') continue;
    if (seen.has(key)) return { ok: false, response: queryRejection(`duplicate field \`${key}\``) };
    seen.add(key);
    const parsed = parseU32(raw);
    if (typeof parsed === 'string') return { ok: false, response: queryRejection(parsed) };
    values[key] = parsed;
  }
  return { ok: true, value: values };
}

/** `Path<{ execution_id: String, brick_index: i32 }>`. */
export function extractBrickIndex(raw: string): Extracted<number> {
  if (/^[+-]?\d+$/.test(raw)) {
    const value = Number(raw);
    if (value >= -2147483648 && value <= 2147483647) return { ok: true, value };
  }
  return {
    ok: false,
    response: text(400, `Invalid URL: Cannot parse \`brick_index\` with value \`${raw}\` to a \`i32\``),
  };
}

export function hasJsonContentType(header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const essence = header.split(';')[0]!.trim().toLowerCase();
  const [type, subtype] = essence.split('/');
  if (type !== 'application' || subtype === undefined) return false;
  return subtype === 'json' || subtype.endsWith('+json');
}

function text(status: number, body: string): SimResponse {
  return { status, text: body, contentType: 'text/plain; charset=utf-8' };
}

function queryRejection(detail: string): SimResponse {
  return text(400, `Failed to deserialize query string: ${detail}`);
}

/** Rust's `u32::from_str` messages, which serde_urlencoded passes through. */
function parseU32(raw: string): number | string {
  if (raw.length === 0) return 'cannot parse integer from empty string';
  if (!/^\+?\d+$/.test(raw)) return 'invalid digit found in string';
  const value = Number(raw);
  return value > 4294967295 ? 'number too large to fit in target type' : value;
}

/** The serde error for a body that parsed but does not fit the struct, or undefined when it fits. */
function shapeProblem(body: unknown): string | undefined {
  if (Array.isArray(body)) {
    // serde's derived Deserialize also accepts a struct as a sequence of its fields.
    if (body.length < 2) return `invalid length ${body.length}, expected struct ExecuteFlowRequest with 2 elements`;
    if (body.length > 2) return `invalid length ${body.length}, expected fewer elements in array`;
    return typeof body[0] === 'string' ? undefined : `invalid type: ${describe(body[0])}, expected a string`;
  }
  if (typeof body !== 'object' || body === null) return `invalid type: ${describe(body)}, expected struct ExecuteFlowRequest`;
  const fields = body as Record<string, unknown>;
  if ('flow_id' in fields && typeof fields.flow_id !== 'string') {
    return `flow_id: invalid type: ${describe(fields.flow_id)}, expected a string`;
  }
  if (!('flow_id' in fields)) return 'missing field `flow_id`';
  if (!('input_payload' in fields)) return 'missing field `input_payload`';
  return undefined;
}

/** serde's `Unexpected` wording (serde_json says `null` for the unit value). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'sequence';
  return 'map';
}

function syntaxMessage(rawBody: string): string {
  if (rawBody.trim().length === 0) return `EOF while parsing a value at ${endPosition(rawBody)}`;
  try {
    JSON.parse(rawBody);
    return `expected value at ${endPosition(rawBody)}`;
  } catch (error) {
    const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const offset = match ? Number(match[1]) : rawBody.length;
    return `expected value at ${lineColumn(rawBody, offset)}`;
  }
}

function endPosition(rawBody: string): string {
  return lineColumn(rawBody, rawBody.trimEnd().length);
}

function lineColumn(rawBody: string, offset: number): string {
  const before = rawBody.slice(0, offset);
  const lines = before.split('\n');
  return `line ${lines.length} column ${lines[lines.length - 1]!.length}`;
}
