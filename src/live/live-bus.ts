import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { LiveEvent } from './live-event.js';

/**
 * Fan-out from the poller to watchers. It is Yoga's pubsub over an event target so that a
 * Redis event target (@graphql-yoga/redis-event-target) can replace the in-memory one when
 * several replicas share one poller; the hub only sees this interface.
 */
export interface LiveBus {
  publish(topic: string, event: LiveEvent): void;
  /** Lazy, as Yoga's is: the listener exists only from the first `next()` on. */
  subscribe(topic: string): AsyncIterable<LiveEvent>;
}

const routingKey = 'execution';

type LiveTopics = { [routingKey]: [topic: string, event: LiveEvent] };

export type LiveEventTarget = PubSubEventTarget<LiveTopics>;

/** `eventTarget`: where events travel (default: in this process). */
export function createLiveBus(eventTarget?: LiveEventTarget): LiveBus {
  const target = eventTarget ?? inProcessTarget();
  const pubsub = createPubSub<LiveTopics>({ eventTarget: target });
  return {
    publish: (topic, event) => pubsub.publish(routingKey, topic, event),
    subscribe: (topic) => pubsub.subscribe(routingKey, topic),
  };
}

/** Thousands of watchers of one execution are expected, not a leak: no listener warning. */
function inProcessTarget(): LiveEventTarget {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target as LiveEventTarget;
}
