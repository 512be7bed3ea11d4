import type { SimResponse } from '../kit/index.js';

/** One entry of Cortex's zod-style `errors` list. */
export interface ValidationIssue {
  validation: string;
  code: string;
  message: string;
  path: string[];
}

/** Cortex's error envelope: `{status, message, errors?}` (the SDK's ErrorResponse). */
export function errorEnvelope(status: number, message: string, errors?: ValidationIssue[]): SimResponse {
  return { status, json: { status, message, ...(errors ? { errors } : {}) } };
}

export function validationError(issues: ValidationIssue[]): SimResponse {
  const first = issues[0];
  const message = first ? `Validation error: ${first.message} at "${first.path.join('.')}"` : 'Validation error';
  return errorEnvelope(400, message, issues);
}

export function notFound(what: string): SimResponse {
  return errorEnvelope(404, `${what} not found`);
}

/** A write whose precondition does not hold: Cortex has no 409, so 400 (edge case 21). */
export function preconditionFailed(message: string): SimResponse {
  return errorEnvelope(400, message);
}

export const issues = {
  enumValue(path: string[], allowed: readonly string[], received: unknown): ValidationIssue {
    return {
      validation: 'enum',
      code: 'invalid_enum_value',
      message: `Invalid enum value. Expected ${allowed.map((value) => `'${value}'`).join(' | ')}, received '${String(received)}'`,
      path,
    };
  },
  type(path: string[], expected: string, received: unknown): ValidationIssue {
    return { validation: expected, code: 'invalid_type', message: `Expected ${expected}, received ${describe(received)}`, path };
  },
  required(path: string[], expected: string): ValidationIssue {
    return { validation: expected, code: 'invalid_type', message: 'Required', path };
  },
  tooSmall(path: string[], minimum: number): ValidationIssue {
    return { validation: 'min', code: 'too_small', message: `Number must be greater than or equal to ${minimum}`, path };
  },
  tooBig(path: string[], maximum: number): ValidationIssue {
    return { validation: 'max', code: 'too_big', message: `Number must be less than or equal to ${maximum}`, path };
  },
  custom(path: string[], message: string): ValidationIssue {
    return { validation: 'custom', code: 'custom', message, path };
  },
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return typeof value;
}
