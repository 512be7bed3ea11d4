import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isInterfaceType,
  isObjectType,
  Kind,
  typeFromAST,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** `first` where a connection field has neither the argument nor a schema default (the API's own default). */
export const defaultPageSize = 20;
/** The API's range of `first`; a count clamps to it (a `first` outside it is refused by the API anyway). */
export const maxPageSize = 100;

/**
 * The number of nodes (executions, runs, workflows, ...) a document asks for, per the contract's
 * "Limits on a document": along every path of connection fields, the product of their `first`,
 * summed over all paths. `executions(first: 50) { edges { node { children(first: 20) { … } } } }`
 * is 50 + 50 × 20 = 1,050.
 *
 * - A connection field is one whose named type is an object type named `…Connection` or with an
 *   `edges` or `pageInfo` field; nothing else multiplies (lists of other types count nothing).
 * - `first` is the field's argument value as execution sees it (a literal, a variable, the
 *   schema's default for the argument), clamped to 0–100; absent or null: 20.
 * - Every selection counts each time it appears: two aliased `children(first: 10)` count twice, a
 *   fragment counts once per spread (inline or named), whatever field merging would later do.
 * - `@skip` / `@include` are applied as execution applies them; a condition that cannot be
 *   decided (a variable with no value) counts the selection.
 * - Variables: `variables` are the request's raw values, coerced against the operation's variable
 *   definitions. When they are missing or do not coerce (the request then fails at execution
 *   anyway), only the variables' defaults are known, and a variable with no default is absent:
 *   its argument takes the schema default, or 20. The plugin (use-node-limit.ts) counts again at
 *   execution with the real variables, so a variable `first` cannot go past the limit.
 *
 * Linear in the document's size: a named fragment is counted once and multiplied per spread.
 * Fragment cycles (refused by validation) count nothing more. The count of a document whose
 * `first` arguments and conditions name no variable is the same for every request: it is kept
 * with the document (counted once while Yoga's parser cache holds it), and variables are coerced
 * only when a count reads one.
 */
export function countDocumentNodes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Readonly<Record<string, unknown>> | null,
): number {
  const kept = keptCounts.get(document);
  const key = operationName ?? '';
  if (kept?.schema === schema) {
    const nodes = kept.byOperation.get(key);
    if (nodes !== undefined) return nodes;
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const counter = new NodeCounter(schema, fragments, () => coerceVariables(schema, operation.variableDefinitions ?? [], variables));
  const nodes = counter.selections(operation.selectionSet, rootType);
  if (!counter.readVariables) {
    if (kept?.schema === schema) kept.byOperation.set(key, nodes);
    else keptCounts.set(document, { schema, byOperation: new Map([[key, nodes]]) });
  }
  return nodes;
}

/** Counts that read no variable, per document and operation name (see countDocumentNodes). */
const keptCounts = new WeakMap<DocumentNode, { schema: GraphQLSchema; byOperation: Map<string, number> }>();

const noVariables: Record<string, unknown> = Object.freeze({});

/** Whether a value names a variable anywhere inside it (a list or object literal may hold one). */
function namesVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(namesVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => namesVariable(field.value));
  return false;
}

/** True when a named type is a connection (see countDocumentNodes). */
export function isConnectionType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  if (type.name.endsWith('Connection')) return true;
  const fields = type.getFields();
  return 'edges' in fields || 'pageInfo' in fields;
}

class NodeCounter {
  readonly #schema: GraphQLSchema;
  readonly #fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly #coerceVariables: () => Record<string, unknown>;
  #variables: Record<string, unknown> | undefined;
  /** Nodes of one spread of each named fragment; undefined while it is being counted (a cycle). */
  readonly #fragmentNodes = new Map<string, number | undefined>();

  constructor(schema: GraphQLSchema, fragments: ReadonlyMap<string, FragmentDefinitionNode>, coerceVariables: () => Record<string, unknown>) {
    this.#schema = schema;
    this.#fragments = fragments;
    this.#coerceVariables = coerceVariables;
  }

  /** True once the count depended on the request's variables. */
  get readVariables(): boolean {
    return this.#variables !== undefined;
  }

  /** The variables, coerced on first need, for arguments that name one; none for the others (the same values). */
  #variablesFor(values: readonly { value: ValueNode }[] | undefined): Record<string, unknown> {
    if (!values?.some((argument) => namesVariable(argument.value))) return noVariables;
    return (this.#variables ??= this.#coerceVariables());
  }

  /** Nodes below one instance of `parentType` selected by `selectionSet`. */
  selections(selectionSet: SelectionSetNode, parentType: GraphQLNamedType): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (!this.#included(selection)) continue;
      if (selection.kind === Kind.FIELD) total += this.#field(selection, parentType);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += this.#inlineFragment(selection, parentType);
      else total += this.#fragmentSpread(selection);
    }
    return total;
  }

  #field(node: FieldNode, parentType: GraphQLNamedType): number {
    const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[node.name.value] : undefined;
    if (!field || !node.selectionSet) return 0;
    const type = getNamedType(field.type);
    const below = this.selections(node.selectionSet, type);
    if (!isConnectionType(type)) return below;
    const first = this.#first(field, node);
    return first + first * below;
  }

  #inlineFragment(node: InlineFragmentNode, parentType: GraphQLNamedType): number {
    const type = node.typeCondition ? this.#schema.getType(node.typeCondition.name.value) : parentType;
    return type ? this.selections(node.selectionSet, type) : 0;
  }

  #fragmentSpread(node: FragmentSpreadNode): number {
    const name = node.name.value;
    if (this.#fragmentNodes.has(name)) return this.#fragmentNodes.get(name) ?? 0;
    const fragment = this.#fragments.get(name);
    const type = fragment ? this.#schema.getType(fragment.typeCondition.name.value) : undefined;
    if (!fragment || !type) return 0;
    this.#fragmentNodes.set(name, undefined);
    const nodes = this.selections(fragment.selectionSet, type);
    this.#fragmentNodes.set(name, nodes);
    return nodes;
  }

  /** `first` as execution would read it, clamped to 0–100. */
  #first(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
    let value: unknown;
    try {
      value = getArgumentValues(field, node, this.#variablesFor(node.arguments)).first;
    } catch {
      // An argument execution would refuse (e.g. a required variable with no value): its default.
      value = field.args.find((argument) => argument.name === 'first')?.defaultValue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) return defaultPageSize;
    return Math.min(maxPageSize, Math.max(0, Math.trunc(value)));
  }

  /** As execution decides; a condition it cannot decide here counts the selection. */
  #included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean {
    if (!node.directives || node.directives.length === 0) return true;
    try {
      const variables = this.#variablesFor(node.directives.flatMap((directive) => directive.arguments ?? []));
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    } catch {
      return true;
    }
    return true;
  }
}

/** The operation's variables as execution coerces them; when they do not coerce, only their defaults. */
function coerceVariables(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variables: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, unknown> {
  if (definitions.length === 0) return {};
  if (variables) {
    const coerced = getVariableValues(schema, definitions, variables, { maxErrors: 1 });
    if (coerced.coerced) return coerced.coerced;
  }
  const defaults: Record<string, unknown> = {};
  for (const definition of definitions) {
    if (!definition.defaultValue) continue;
    const type = typeFromAST(schema, definition.type);
    const value = type ? valueFromAST(definition.defaultValue, type as Parameters<typeof valueFromAST>[1]) : undefined;
    if (value !== undefined) defaults[definition.variable.name.value] = value;
  }
  return defaults;
}
