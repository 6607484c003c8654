/**
 * The generator's public entry (`typewire/generator`): explicit names only.
 */
export { generate, typewireVersion } from './generate.js';
export type { GenerateOptions, GenerateProgress, GenerateResult, GeneratedFileStatus } from './generate.js';
export { loadSchemaModel } from './front.js';
export { emitAll } from './emit/emit-all.js';
export type { EmitResult, EmitProgress } from './emit/emit-all.js';
export type { EmitContext, EmittedFile } from './emit/emit-context.js';
export { emitValidatorModule } from './emit/validator.js';
export type { ValidatorEntry } from './emit/validator.js';
export { hasGeneratedHeader } from './emit/header.js';
export type { FileStatus } from './write/plan.js';
export type {
  Draft,
  ErrorModel,
  EventModel,
  EventRef,
  MessageModel,
  MethodModel,
  QueueModel,
  SchemaIssue,
  SchemaModel,
  ServiceModel,
  SourceLocation,
  SubscriptionModel,
} from './model/types.js';
