/**
 * The intermediate model: what the front end (load → resolve → validate)
 * produces and every emitter reads. Emitters never read schema files.
 * Everything is sorted (by name) so output does not depend on file order.
 */

export type JsonSchema = { readonly [key: string]: unknown } | boolean;

/** A place in the user's files: path relative to the schemas folder (posix separators) and a JSON pointer. */
export interface SourceLocation {
  readonly file: string;
  readonly pointer: string;
}

export type Draft = '2020-12' | '07';

export interface MessageModel {
  /** The TypeScript type name: the schema's `title`, made a valid PascalCase identifier. */
  readonly name: string;
  /** The schema's `$id`, or `typewire:<file>#<pointer>` when it has none. */
  readonly schemaId: string;
  readonly description?: string;
  readonly source: SourceLocation;
  readonly draft: Draft;
  /**
   * Self-contained schema: every `$ref` that left the message (to another file
   * or another message) is inlined under `$defs` and rewritten to a local ref.
   * Validators, codecs and the fingerprint are made from this.
   */
  readonly bundled: { readonly [key: string]: unknown };
  /**
   * The schema for type emission: references to other messages are replaced by
   * `{ "tsType": "<OtherName>" }` so the type imports the other message's type
   * instead of repeating it; other refs are inlined like in `bundled`.
   */
  readonly typeSchema: { readonly [key: string]: unknown };
  /** Names of the other messages `typeSchema` refers to, sorted. */
  readonly references: ReadonlyArray<string>;
  /** sha256 (hex) of the canonical JSON of `bundled` (keys sorted). */
  readonly fingerprint: string;
}

export interface ErrorModel {
  readonly code: string;
  readonly description?: string;
  /** Name of the message that types the error's details, if any. */
  readonly details?: string;
  readonly retryable: boolean;
}

export interface MethodModel {
  readonly name: string;
  /** `<service>.<method>` */
  readonly subject: string;
  readonly description?: string;
  readonly request: string;
  readonly response: string;
  /** Sorted by code. */
  readonly errors: ReadonlyArray<ErrorModel>;
  readonly timeoutMs: number;
  readonly source: SourceLocation;
}

export interface EventModel {
  readonly name: string;
  readonly topic: string;
  readonly description?: string;
  readonly payload: string;
  readonly source: SourceLocation;
}

export interface EventRef {
  readonly service: string;
  readonly event: string;
}

export interface SubscriptionModel {
  readonly name: string;
  readonly pattern: string;
  readonly description?: string;
  /** Every declared event (of any service) whose topic the pattern matches, sorted. Never empty. */
  readonly events: ReadonlyArray<EventRef>;
  readonly source: SourceLocation;
}

export interface QueueModel {
  readonly name: string;
  /** `queue.<name>` */
  readonly subject: string;
  readonly description?: string;
  readonly message: string;
  readonly durable: boolean;
  readonly maxLength?: number;
  readonly overflow: 'reject' | 'drop-oldest';
  readonly ttlMs?: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly deadLetter?: string;
  readonly priorities: number;
  readonly producers: ReadonlyArray<string>;
  readonly consumers: ReadonlyArray<string>;
  readonly source: SourceLocation;
}

export interface ServiceModel {
  /** As written in the file (`orders`); lower camelCase or kebab-case. */
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly source: SourceLocation;
  readonly methods: ReadonlyArray<MethodModel>;
  readonly events: ReadonlyArray<EventModel>;
  readonly subscriptions: ReadonlyArray<SubscriptionModel>;
  readonly queues: ReadonlyArray<QueueModel>;
}

export interface SchemaModel {
  /** Sorted by name; includes messages declared inline in service files. */
  readonly messages: ReadonlyArray<MessageModel>;
  /** Sorted by name. */
  readonly services: ReadonlyArray<ServiceModel>;
}

/** One problem found in the user's schemas. The front end collects all of them before failing. */
export interface SchemaIssue {
  /** A SCHEMA_* code from runtime/errors/codes.ts. */
  readonly code: string;
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}
