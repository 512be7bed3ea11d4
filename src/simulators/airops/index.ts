export { createAiropsSimulator, type AiropsSimulator, type AiropsSimulatorOptions } from './airops-simulator.js';
export type { DemoSeed, DemoSeedOptions, DemoFixtureUuids } from './airops-fixtures.js';
export type { RouteSettings as AiropsRouteSettings } from './airops-route-context.js';
export { variedStyles, canonicalStyle } from './airops-timestamps.js';
export { formatDateTime as formatTimestamp } from '../kit/index.js';
export type * from './airops-types.js';
