import { issues, type ValidationIssue } from './workflow-runs-errors.js';
import { isRecord } from './workflow-runs-outputs.js';
import type { WorkflowRunsSettings } from './workflow-runs-settings.js';
import type { RetentionWire } from './workflow-runs-types.js';

/** Collects zod-style issues while reading one request. */
export class RequestReader {
  readonly issues: ValidationIssue[] = [];

  get ok(): boolean {
    return this.issues.length === 0;
  }

  /** `verbose` is `'all'[]`: repeated or single, any other value is a 400. */
  verbose(query: URLSearchParams): boolean {
    const values = [...query.getAll('verbose'), ...query.getAll('verbose[]')];
    for (const value of values) if (value !== 'all') this.issues.push(issues.enumValue(['verbose'], ['all'], value));
    return values.includes('all');
  }

  /** One enum value; `ALL` (or absent) means no filter. */
  enumFilter(query: URLSearchParams, name: string, allowed: readonly string[]): string | undefined {
    const value = query.get(name);
    if (value === null) return undefined;
    const options = ['ALL', ...allowed];
    if (!options.includes(value)) {
      this.issues.push(issues.enumValue([name], options, value));
      return undefined;
    }
    return value === 'ALL' ? undefined : value;
  }

  paging(query: URLSearchParams, settings: WorkflowRunsSettings): { page: number; take: number } {
    const page = this.#integer(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
    let take = this.#integer(query, 'take', settings.pageTakeDefault, 1, settings.pageTakeOverflow === 'reject' ? settings.pageTakeMax : Number.MAX_SAFE_INTEGER);
    take = Math.min(take, settings.pageTakeMax);
    return { page, take };
  }

  /** `tags` as repeated values (`tags=a&tags=b`, or `tags[]=a`). */
  list(query: URLSearchParams, name: string): string[] {
    return [...query.getAll(name), ...query.getAll(`${name}[]`)].flatMap((value) => value.split(',')).filter(Boolean);
  }

  /** A JSON body that must be an object when present. */
  objectBody(body: unknown, bodyError: boolean): Record<string, unknown> {
    if (bodyError) {
      this.issues.push(issues.custom([], 'Invalid JSON body'));
      return {};
    }
    if (body === undefined) return {};
    if (!isRecord(body)) {
      this.issues.push(issues.type([], 'object', body));
      return {};
    }
    return body;
  }

  optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.issues.push(issues.type([name], 'boolean', value));
      return undefined;
    }
    return value;
  }

  optionalString(body: Record<string, unknown>, name: string): string | undefined {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.issues.push(issues.type([name], 'string', value));
      return undefined;
    }
    return value;
  }

  requiredString(body: Record<string, unknown>, name: string): string {
    const value = body[name];
    if (value === undefined) {
      this.issues.push(issues.required([name], 'string'));
      return '';
    }
    if (typeof value !== 'string') {
      this.issues.push(issues.type([name], 'string', value));
      return '';
    }
    return value;
  }

  /** `input`: an object, or absent. */
  input(body: Record<string, unknown>): Record<string, unknown> | undefined {
    const value = body.input;
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.issues.push(issues.type(['input'], 'object', value));
      return undefined;
    }
    return value;
  }

  /** `workflow_version_id`: `draft`, `latest`, an id or a version number. */
  versionSelector(body: Record<string, unknown>): string | number | undefined {
    const value = body.workflow_version_id;
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return value;
    this.issues.push(issues.type(['workflow_version_id'], 'string', value));
    return undefined;
  }

  /**
   * `retention`: a number (= max_age_in_seconds) or `{max_age_in_seconds, preserve_on_failure?}`;
   * -1 keeps forever. Returns undefined when absent, null when explicitly null.
   */
  retention(body: Record<string, unknown>): RetentionWire | null | undefined {
    const value = body.retention;
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (typeof value === 'number') {
      return this.#maxAge(value, ['retention']) ? { max_age_in_seconds: value } : undefined;
    }
    if (!isRecord(value)) {
      this.issues.push(issues.type(['retention'], 'object', value));
      return undefined;
    }
    const maxAge = value.max_age_in_seconds;
    if (maxAge === undefined) {
      this.issues.push(issues.required(['retention', 'max_age_in_seconds'], 'number'));
      return undefined;
    }
    if (typeof maxAge !== 'number') {
      this.issues.push(issues.type(['retention', 'max_age_in_seconds'], 'number', maxAge));
      return undefined;
    }
    if (!this.#maxAge(maxAge, ['retention', 'max_age_in_seconds'])) return undefined;
    const preserve = value.preserve_on_failure;
    if (preserve !== undefined && typeof preserve !== 'boolean') {
      this.issues.push(issues.type(['retention', 'preserve_on_failure'], 'boolean', preserve));
      return undefined;
    }
    return { max_age_in_seconds: maxAge, ...(preserve !== undefined ? { preserve_on_failure: preserve } : {}) };
  }

  #maxAge(value: number, path: string[]): boolean {
    if (!Number.isInteger(value)) {
      this.issues.push(issues.type(path, 'integer', value));
      return false;
    }
    if (value < -1 || value === 0) {
      this.issues.push(value === 0 ? issues.custom(path, 'Retention must be -1 (keep forever) or a positive number of seconds') : issues.tooSmall(path, -1));
      return false;
    }
    return true;
  }

  #integer(query: URLSearchParams, name: string, fallback: number, minimum: number, maximum: number): number {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      this.issues.push(issues.type([name], 'number', Number.NaN));
      return fallback;
    }
    if (!Number.isInteger(value)) {
      this.issues.push(issues.type([name], 'integer', value));
      return fallback;
    }
    if (value < minimum) {
      this.issues.push(issues.tooSmall([name], minimum));
      return fallback;
    }
    if (value > maximum) {
      this.issues.push(issues.tooBig([name], maximum));
      return fallback;
    }
    return value;
  }
}
