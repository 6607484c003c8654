import type { ServiceDescriptor } from '../descriptors.js';
import type { Runtime } from '../runtime.js';
import type { EventClient, QueueClient, ServiceClient } from './types.js';

/**
 * Builds a typed client for a service from its descriptor. Generated
 * `create<Service>Client(runtime)` functions call this; the object is built
 * once, so calling a method costs one closure call, not a lookup.
 */
export function createClient<S extends ServiceDescriptor>(runtime: Runtime, descriptor: S): ServiceClient<S> {
  const client: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(descriptor.methods)) {
    client[name] = (request: unknown, options?: Parameters<Runtime['call']>[2]) => runtime.call(method, request, options);
  }
  const events: Record<string, EventClient<unknown>> = {};
  for (const [name, event] of Object.entries(descriptor.events)) {
    events[name] = {
      publish: (payload, options) => runtime.publish(event, payload, options),
      subscribe: (handler) => runtime.subscribe(event, handler),
    };
  }
  const queues: Record<string, QueueClient<unknown>> = {};
  for (const [name, queue] of Object.entries(descriptor.queues)) {
    queues[name] = runtime.queue(queue);
  }
  client['events'] = Object.freeze(events);
  client['queues'] = Object.freeze(queues);
  return Object.freeze(client) as ServiceClient<S>;
}
