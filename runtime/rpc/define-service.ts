import type { ServiceDescriptor } from '../descriptors.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { ServiceDefinition, ServiceHandlers } from './types.js';

/**
 * Binds handlers to a service descriptor. Checks at definition time (not at
 * the first request) that every method and subscription has a handler, so a
 * missing one fails at start-up with its name.
 */
export function defineService<S extends ServiceDescriptor>(descriptor: S, handlers: ServiceHandlers<S>): ServiceDefinition<S> {
  const given = handlers as unknown as Record<string, unknown> & { subscriptions?: Record<string, unknown> };
  const missing = [
    ...Object.keys(descriptor.methods).filter((m) => typeof given[m] !== 'function'),
    ...Object.keys(descriptor.subscriptions)
      .filter((s) => typeof given.subscriptions?.[s] !== 'function')
      .map((s) => `subscriptions.${s}`),
  ];
  if (missing.length > 0) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `service ${descriptor.name} is missing handlers: ${missing.join(', ')}`, {
      details: { service: descriptor.name, missing },
    });
  }
  return Object.freeze({ descriptor, handlers });
}
