export { ManualClock, systemClock, type SimulatorClock } from './simulator-clock.js';
export { Timeline, type TimelineStep } from './timeline.js';
export { FaultInjector, type Fault, type FaultMatch } from './fault-injector.js';
export { RequestCounters } from './request-counters.js';
export { SimulatorServer, type SimRequest, type SimResponse, type RouteHandler } from './simulator-server.js';
export { SeededRandom, type SeededRandomOptions, type UuidDrawing } from './seeded-random.js';
export { stableHash } from './stable-hash.js';
export {
  everyDateTimeForm,
  formatDateTime,
  offsetMinutes,
  offsetText,
  truncateToFractionDigits,
  type DateTimeStyle,
} from './date-time-style.js';
