import type { NestedResponder } from './nested-types.js';

/**
 * The workspace's responders ("super-identities"). `GET /api/v1/super-identities/responders`
 * is outside the executions API, so they are only referenced by `responderId`.
 */
export const nestedResponders: readonly NestedResponder[] = [
  { id: 'a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b', name: 'Sofia — atendimento', entity: 'agent' },
  { id: '7f0d9c2e-1b3a-4c5d-9e8f-6a7b8c9d0e1f', name: 'Research scout', entity: 'agent' },
  { id: 'c9e8d7f6-a5b4-4c3d-b2a1-0f9e8d7c6b5a', name: 'Triagem de pedidos', entity: 'workflow' },
  { id: '2b4d6f80-1a3c-4e5f-a7b9-c1d3e5f7a9b0', name: 'Zé Copilot 🤖', entity: 'agent' },
];

/** `responderId` is typed as a plain string: one fixture uses a free-form, non-ASCII one. */
export const oddResponderId = 'responder:ágata/β-legacy';

export const defaultWorkspaceId = 'e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8';
