/**
 * The private entry for generated code (`typewire/codegen`). Only names listed
 * in runtime/codegen-symbols.ts are exported here; a test keeps the two equal.
 * Application code should import from `typewire` instead.
 */
export { defineMessage } from './codec/define-message.js';
export { defineService } from './rpc/define-service.js';
export { createClient } from './rpc/create-client.js';
export { ajvEqual, ajvUcs2length, ajvUri, ajvValidationError, ajvFormats } from './codegen/ajv-helpers.js';

export type {
  ValidateFunction,
  MessageDescriptor,
  ServiceDescriptor,
  MethodDescriptor,
  EventDescriptor,
  SubscriptionDescriptor,
  QueueDescriptor,
  ErrorSpec,
  Route,
  RouteTable,
} from './descriptors.js';
export type { Runtime } from './runtime.js';
export type {
  CallOptions,
  EventClient,
  QueueClient,
  ServiceDefinition,
  ServiceHandlers,
  MethodContext,
  SubscriptionContext,
  DeclaredError,
} from './rpc/types.js';
