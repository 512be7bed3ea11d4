import { getOperationAST, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The field nodes a response path names in a document (all of them when several fields share
 * the response key, as graphql-js collects them): what graphql-js locates a resolver error at.
 * Empty when the path does not name a field of the operation.
 */
export function fieldNodesAt(document: DocumentNode, operationName: string | null | undefined, path: readonly (string | number)[]): FieldNode[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let fields: FieldNode[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    fields = [];
    for (const set of sets) collect(set, segment, fragments, fields, new Set());
    sets = fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return fields;
}

function collect(set: SelectionSetNode, responseKey: string, fragments: ReadonlyMap<string, FragmentDefinitionNode>, into: FieldNode[], visited: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === responseKey) into.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, responseKey, fragments, into, visited);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (fragment === undefined || visited.has(name)) continue;
      visited.add(name);
      collect(fragment.selectionSet, responseKey, fragments, into, visited);
    }
  }
}
