/**
 * Validation of the execute_definition body against seed 000's request schema. Each step's
 * `config` is checked against the config schema of its own `type`: the seed's `anyOf` over all
 * eight would accept any object, which tells a client nothing.
 */
import type { JsonObject } from './airops-types.js';

const interfaces = ['long_text', 'short_text', 'json', 'single_select', 'number'];
const stepTypes = ['llm', 'conditional', 'app', 'text', 'web_scrape', 'fetch_api', 'code', 'iteration'];
const llmConfigKeys = [
  'prompt', 'messages', 'request_consistent_results', 'response_format', 'stream', 'temperature', 'note', 'model_source', 'max_tokens',
];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the first problem found, or undefined when the body is valid. */
export function definitionProblem(body: JsonObject): string | undefined {
  if (!isObject(body.inputs)) return 'inputs is required and must be an object';
  if (!Array.isArray(body.inputs_schema)) return 'inputs_schema is required and must be an array';
  if (!Array.isArray(body.definition)) return 'definition is required and must be an array';
  for (const [index, field] of body.inputs_schema.entries()) {
    const problem = inputFieldProblem(field);
    if (problem) return `inputs_schema[${index}] ${problem}`;
  }
  for (const field of body.inputs_schema as JsonObject[]) {
    if (field.required === true && !(String(field.name) in body.inputs)) return `missing required input: ${String(field.name)}`;
  }
  return stepsProblem(body.definition, 'definition');
}

function inputFieldProblem(field: unknown): string | undefined {
  if (!isObject(field)) return 'must be an object';
  for (const key of ['label', 'name', 'hint', 'action_id', 'placeholder']) {
    if (typeof field[key] !== 'string') return `${key} is required and must be a string`;
  }
  if (!interfaces.includes(String(field.interface))) return `interface must be one of ${interfaces.join(', ')}`;
  if (typeof field.required !== 'boolean') return 'required is required and must be a boolean';
  if (field.group_id !== 'no-group') return 'group_id must be "no-group"';
  if (!Array.isArray(field.options) || !field.options.every((option) => typeof option === 'string')) {
    return 'options is required and must be an array of strings';
  }
  if (field.test_value !== undefined && typeof field.test_value !== 'string') return 'test_value must be a string';
  return undefined;
}

function stepsProblem(steps: unknown, where: string): string | undefined {
  if (!Array.isArray(steps)) return `${where} must be an array`;
  for (const [index, step] of steps.entries()) {
    const problem = stepProblem(step, `${where}[${index}]`);
    if (problem) return problem;
  }
  return undefined;
}

function stepProblem(step: unknown, where: string): string | undefined {
  if (!isObject(step)) return `${where} must be an object`;
  if (typeof step.name !== 'string') return `${where}.name is required and must be a string`;
  if (!stepTypes.includes(String(step.type))) return `${where}.type must be one of ${stepTypes.join(', ')}`;
  if (!isObject(step.config)) return `${where}.config is required and must be an object`;
  return configProblem(String(step.type), step.config, `${where}.config`);
}

function configProblem(type: string, config: JsonObject, where: string): string | undefined {
  switch (type) {
    case 'llm': {
      if (typeof config.model !== 'string') return `${where}.model is required`;
      if (typeof config.soft_fail !== 'boolean') return `${where}.soft_fail is required`;
      if (!isObject(config.config)) return `${where}.config is required`;
      const missing = llmConfigKeys.find((key) => !(key in (config.config as JsonObject)));
      return missing ? `${where}.config.${missing} is required` : undefined;
    }
    case 'conditional':
      if (typeof config.condition !== 'string') return `${where}.condition is required`;
      return stepsProblem(config.if_branch, `${where}.if_branch`) ?? stepsProblem(config.else_branch, `${where}.else_branch`);
    case 'app':
      if (!Number.isInteger(config.app_id)) return `${where}.app_id is required and must be an integer`;
      return isObject(config.inputs) ? undefined : `${where}.inputs is required`;
    case 'text':
      return typeof config.template === 'string' ? undefined : `${where}.template is required`;
    case 'fetch_api':
      if (config.method !== 'get' && config.method !== 'post') return `${where}.method must be get or post`;
      return typeof config.url === 'string' ? undefined : `${where}.url is required`;
    case 'web_scrape':
      return nestedProblem(config, where, (inner) => (typeof inner.url === 'string' ? undefined : `${where}.config.url is required`));
    case 'code':
      return nestedProblem(config, where, (inner) => {
        if (inner.language !== 'python' && inner.language !== 'javascript') return `${where}.config.language must be python or javascript`;
        return typeof inner.function === 'string' ? undefined : `${where}.config.function is required`;
      });
    case 'iteration':
      return nestedProblem(config, where, (inner) =>
        typeof inner.iterator === 'string' ? stepsProblem(inner.step_function, `${where}.config.step_function`) : `${where}.config.iterator is required`,
      );
    default:
      return undefined;
  }
}

/** web_scrape, code and iteration keep their settings one level down, in an optional `config`. */
function nestedProblem(config: JsonObject, where: string, check: (inner: JsonObject) => string | undefined): string | undefined {
  if (config.config === undefined) return undefined;
  if (!isObject(config.config)) return `${where}.config must be an object`;
  return check(config.config);
}
