import DataLoader from 'dataloader';
import type { FinishedExecutionCache } from '../cache/finished-execution-cache.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions, Provider } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { hasOperation } from '../providers/require-operation.js';
import { executionKeyOf, executionKeyString, type ExecutionKey } from './execution-loader.js';

/**
 * An upstream that answers a whole subtree in one call (Zaia's nestings), down to `maxDepth`
 * levels below the execution asked about, in preorder, each record carrying its parentNativeId.
 */
export interface SubtreeReader {
  maxDepth: number;
  descendants(record: ExecutionRecord, maxDepth: number, options: CallOptions): Promise<ExecutionRecord[]>;
}

export interface ChildrenReadOptions {
  registry: ProviderRegistry;
  executions: DataLoader<ExecutionKey, ExecutionRecord | null, string>;
  finished: FinishedExecutionCache;
  /** The subtree reader of a provider that has one. */
  subtreeReaderOf: (provider: Provider) => SubtreeReader | null;
  /** The native ids of a record's children when the record itself names them (null: it does not). */
  namedChildrenOf: (record: ExecutionRecord) => readonly string[] | null;
  callOptions: CallOptions;
}

/**
 * Children of the executions of one operation, keyed by the parent, read the cheapest way the
 * upstream allows: by id when the parent names them (in hand when on the same page); by
 * subtree where the upstream answers a whole tree at once, grouping the executions asked about
 * under their topmost ancestor among them, so a page showing a tree reads it once, not once per
 * node; otherwise one `children` call per parent. Children read here are primed into the by-id
 * loader, so their own `parent` costs nothing.
 */
export function createChildrenLoader(options: ChildrenReadOptions): DataLoader<ExecutionRecord, ExecutionRecord[], string> {
  const { callOptions } = options;
  const hold = (record: ExecutionRecord) => {
    options.executions.prime(executionKeyOf(record), record);
    options.finished.observe(record);
  };
  return new DataLoader<ExecutionRecord, ExecutionRecord[], string>(
    async (parents) => {
      const answers = new Map<string, ExecutionRecord[] | Error>();
      const byProvider = new Map<string, ExecutionRecord[]>();
      for (const parent of parents) {
        const group = byProvider.get(parent.provider) ?? [];
        group.push(parent);
        byProvider.set(parent.provider, group);
      }
      await Promise.all(
        [...byProvider].map(async ([name, group]) => {
          const provider = options.registry.get(name);
          if (!provider || !hasOperation(provider, 'children')) {
            for (const parent of group) answers.set(keyOf(parent), []);
            return;
          }
          await readByName(options, group, answers);
          const subtrees = options.subtreeReaderOf(provider);
          if (subtrees) await readBySubtree(subtrees, group.filter((parent) => !answers.has(keyOf(parent))), answers, hold, callOptions);
          await Promise.all(
            group
              .filter((parent) => !answers.has(keyOf(parent)))
              .map(async (parent) => {
                try {
                  const children = await provider.operations.children(parent, callOptions);
                  children.forEach(hold);
                  answers.set(keyOf(parent), children);
                } catch (error) {
                  answers.set(keyOf(parent), error instanceof Error ? error : new Error(String(error)));
                }
              }),
          );
        }),
      );
      return parents.map((parent) => answers.get(keyOf(parent)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}

/**
 * Children a record names itself (Cortex: the runs its `workflow` steps started) are executions
 * by id: those on the same page are in hand, finished ones may be cached, each other one costs
 * one read. A parent with a child that cannot be read that way is left for the provider, which
 * knows how to show it anyway.
 */
async function readByName(options: ChildrenReadOptions, group: readonly ExecutionRecord[], answers: Map<string, ExecutionRecord[] | Error>): Promise<void> {
  await Promise.all(
    group.map(async (parent) => {
      const named = options.namedChildrenOf(parent);
      if (named === null) return;
      const children = await options.executions.loadMany(named.map((nativeId) => ({ provider: parent.provider, nativeId })));
      if (children.every((child): child is ExecutionRecord => child !== null && !(child instanceof Error))) answers.set(keyOf(parent), children);
    }),
  );
}

/**
 * One subtree call per topmost ancestor among `group`; every execution within reach of that
 * answer gets its children from it. Those the answer cannot vouch for (below its depth, or when
 * the call failed) are left for the per-execution path.
 */
async function readBySubtree(
  reader: SubtreeReader,
  group: readonly ExecutionRecord[],
  answers: Map<string, ExecutionRecord[] | Error>,
  hold: (record: ExecutionRecord) => void,
  callOptions: CallOptions,
): Promise<void> {
  const asked = new Map(group.map((parent) => [parent.nativeId, parent]));
  const topOf = (record: ExecutionRecord): ExecutionRecord => {
    let top = record;
    const visited = new Set<string>([record.nativeId]);
    for (let up = top.parentNativeId; up !== null && asked.has(up) && !visited.has(up); up = top.parentNativeId) {
      visited.add(up);
      top = asked.get(up)!;
    }
    return top;
  };
  const roots = new Map<string, ExecutionRecord>();
  for (const parent of group) {
    const top = topOf(parent);
    roots.set(top.nativeId, top);
  }
  await Promise.all(
    [...roots.values()].map(async (root) => {
      let descendants: ExecutionRecord[];
      try {
        descendants = await reader.descendants(root, reader.maxDepth, callOptions);
      } catch {
        return;
      }
      descendants.forEach(hold);
      // Depth below the root, for knowing whose children the answer holds in full.
      const depth = new Map<string, number>([[root.nativeId, 0]]);
      const children = new Map<string, ExecutionRecord[]>([[root.nativeId, []]]);
      for (const record of descendants) {
        const parentDepth = record.parentNativeId === null ? undefined : depth.get(record.parentNativeId);
        if (parentDepth === undefined) continue;
        depth.set(record.nativeId, parentDepth + 1);
        children.get(record.parentNativeId!)!.push(record);
        children.set(record.nativeId, []);
      }
      for (const [nativeId, level] of depth) {
        if (level >= reader.maxDepth || !asked.has(nativeId)) continue;
        answers.set(keyOf(asked.get(nativeId)!), children.get(nativeId)!);
      }
    }),
  );
}

function keyOf(record: ExecutionRecord): string {
  return executionKeyString({ provider: record.provider, nativeId: record.nativeId });
}
