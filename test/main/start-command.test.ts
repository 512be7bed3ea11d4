import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postGraphql } from '../helpers/graphql-http.js';
import { spawnGateway } from '../helpers/spawn-gateway.js';

function configFile(document: unknown): string {
  const directory = mkdtempSync(join(tmpdir(), 'runql-config-'));
  const path = join(directory, 'gateway.json');
  writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

/** The command line of a running process, as its arguments. */
function commandLineOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((part) => part.length > 0);
}

describe('npm start', () => {
  it('starts demo mode without GATEWAY_CONFIG with all four kinds, answers a query, and exits 0 on SIGTERM', async () => {
    const gateway = spawnGateway({ PORT: '0' });
    try {
      const [, url] = await gateway.waitFor(/"url":"(http:\/\/localhost:\d+\/graphql)"/);
      await gateway.waitFor(/"kind":"workflow-runs".*"msg":"provider runs"/);
      expect(gateway.output()).toMatch(/demo mode/);
      // One process, node itself (what SIGTERM reaches), with the default heap budget.
      expect(commandLineOf(gateway.child.pid!)).toContain('--max-old-space-size=1024');
      const response = await postGraphql<{ providers: unknown[]; executions: { edges: { node: { __typename: string } }[] } }>(
        url!,
        '{ providers { name kind } executions(first: 100) { edges { node { __typename status } } } }',
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.providers).toEqual([
        { name: 'airops', kind: 'AIROPS' },
        { name: 'flows', kind: 'FLOWS' },
        { name: 'nested', kind: 'NESTED' },
        { name: 'runs', kind: 'WORKFLOW_RUNS' },
      ]);
      const kinds = new Set(response.body.data!.executions.edges.map((edge) => edge.node.__typename));
      expect([...kinds].sort()).toEqual(['AirOpsExecution', 'FlowExecution', 'NestedExecution', 'WorkflowRun']);
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
    } finally {
      gateway.child.kill('SIGKILL');
    }
  });

  it('takes its heap budget from RUNQL_MAX_OLD_SPACE_MB', async () => {
    const config = configFile({ providers: [{ name: 'a', kind: 'airops', baseUrl: 'http://127.0.0.1:9', apiKey: 'k' }] });
    const gateway = spawnGateway({ GATEWAY_CONFIG: config, PORT: '0', RUNQL_MAX_OLD_SPACE_MB: '1536' });
    try {
      await gateway.waitFor(/"url":"http/);
      const commandLine = commandLineOf(gateway.child.pid!);
      expect(commandLine).toContain('--max-old-space-size=1536');
      expect(commandLine).not.toContain('--max-old-space-size=1024');
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
    } finally {
      gateway.child.kill('SIGKILL');
    }
  });

  it.each([
    [{ providers: [{ name: 'a', kind: 'airops', baseUrl: 'http://127.0.0.1:9', apiKey: 'k', colour: 'red' }] }, 'providers[0].colour'],
    [{ providers: [{ name: 'a', kind: 'airops', baseUrl: 'http://127.0.0.1:9', apiKey: { env: 'RUNQL_TEST_UNSET' } }] }, 'providers[0].apiKey.env'],
    [{ providers: [{ name: 'a', kind: 'airops', baseUrl: 'nope', apiKey: 'k' }] }, 'providers[0].baseUrl'],
    ['{ not json', 'GATEWAY_CONFIG'],
  ])('exits non-zero with one line naming the key for a bad config (%#)', async (document, key) => {
    const gateway = spawnGateway({ GATEWAY_CONFIG: configFile(document) });
    const { code } = await gateway.exited;
    expect(code).not.toBe(0);
    const lines = gateway.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`invalid config: ${key}`);
  });
});
