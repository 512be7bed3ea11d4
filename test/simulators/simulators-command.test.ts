import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postGraphql } from '../helpers/graphql-http.js';
import { spawnGateway, spawnScript } from '../helpers/spawn-gateway.js';

interface Listed {
  [provider: string]: { edges: { node: { id: string; __typename: string; status: string } }[] };
}

describe('npm run simulators + GATEWAY_CONFIG', () => {
  it('serves all four kinds through a config that points at the simulators', async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), 'runql-simulators-')), 'gateway.json');
    const simulators = spawnScript('src/simulators/run-simulators.ts', [`--config-out=${configPath}`], {});
    const gateway = spawnGateway({ GATEWAY_CONFIG: configPath, PORT: '0' });
    try {
      await simulators.waitFor(/simulators ready/);
      const [, url] = await gateway.waitFor(/"url":"(http:\/\/localhost:\d+\/graphql)"/);
      expect(gateway.output()).toMatch(/configured mode/);

      const listed = await postGraphql<Listed>(
        url!,
        `{ ${['airops', 'flows', 'nested', 'runs']
          .map((name) => `${name}: executions(first: 3, filter: { providers: ["${name}"] }) { edges { node { id __typename status } } }`)
          .join(' ')} }`,
      );
      expect(listed.body.errors).toBeUndefined();
      const typenames = { airops: 'AirOpsExecution', flows: 'FlowExecution', nested: 'NestedExecution', runs: 'WorkflowRun' } as const;
      for (const [provider, typename] of Object.entries(typenames)) {
        const edges = listed.body.data![provider]!.edges;
        expect(edges.length, provider).toBe(3);
        for (const edge of edges) expect(edge.node.__typename).toBe(typename);
        const read = await postGraphql<{ execution: { id: string } }>(url!, `query ($id: ID!) { execution(id: $id) { id } }`, { id: edges[0]!.node.id });
        expect(read.body.data!.execution.id).toBe(edges[0]!.node.id);
      }

      const nestedWrite = await postGraphql(url!, `mutation ($id: ID!) { cancelExecution(id: $id) { id } }`, {
        id: listed.body.data!.nested!.edges[0]!.node.id,
      });
      expect(nestedWrite.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'nested' });

      const workflows = await postGraphql<{ workflows: { edges: { node: { id: string } }[] } }>(url!, `{ workflows(provider: "runs", first: 2) { edges { node { id } } } }`);
      expect(workflows.body.errors).toBeUndefined();
      expect(workflows.body.data!.workflows.edges.length).toBeGreaterThan(0);
    } finally {
      gateway.child.kill('SIGTERM');
      simulators.child.kill('SIGTERM');
      await Promise.all([gateway.exited, simulators.exited]);
    }
  });
});
