export { ManualClock, systemClock, type SimulatorClock } from './simulator-clock.js';
export { Timeline, type TimelineStep } from './timeline.js';
export { FaultInjector, type Fault, type FaultMatch } from './fault-injector.js';
export { RequestCounters } from './request-counters.js';
export { SimulatorServer, type SimRequest, type SimResponse, type RouteHandler } from './simulator-server.js';
