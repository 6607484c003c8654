/**
 * The contract between the generator and the runtime: the module specifier
 * generated code imports from, and every name it may import. The generator
 * reads this list instead of hard-coding runtime paths (so the contract has
 * one owner), and a test checks that runtime/codegen.ts exports each name.
 */
export const CODEGEN_MODULE = 'typewire/codegen';

/** Values generated code may import. */
export const CODEGEN_VALUES = [
  'defineMessage',
  'defineService',
  'createClient',
  // ajv standalone helpers, re-exported so validators never `require` ajv
  'ajvEqual',
  'ajvUcs2length',
  'ajvUri',
  'ajvValidationError',
  'ajvFormats',
] as const;

/** Types generated code may import. */
export const CODEGEN_TYPES = [
  'ValidateFunction',
  'MessageDescriptor',
  'ServiceDescriptor',
  'MethodDescriptor',
  'EventDescriptor',
  'SubscriptionDescriptor',
  'QueueDescriptor',
  'ErrorSpec',
  'Route',
  'RouteTable',
  'Runtime',
  'CallOptions',
  'EventClient',
  'QueueClient',
  'ServiceDefinition',
  'ServiceHandlers',
  'MethodContext',
  'SubscriptionContext',
  'DeclaredError',
] as const;

export type CodegenValue = (typeof CODEGEN_VALUES)[number];
export type CodegenType = (typeof CODEGEN_TYPES)[number];
