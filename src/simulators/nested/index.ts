export { createNestedSimulator, type NestedSimulator } from './nested-simulator.js';
export type * from './nested-types.js';
export type { NestedLifecycle, NestedOutcome, NestedCanonicalStatus } from './nested-lifecycle.js';
export {
  ioDetail,
  toolCallDetail,
  messageDetail,
  fixedDetail,
  type NestedDetailSpec,
  type NestedDetailVariant,
  type NestedPurgedDetail,
  type NestedChatMessage,
} from './nested-detail.js';
export type { NestedTimeFormat } from './nested-time.js';
export type { NestedDemoSeed } from './nested-demo.js';
export type { ZaiaErrorEnvelope } from './nested-errors.js';
export { nestedResponders, oddResponderId } from './nested-responders.js';
