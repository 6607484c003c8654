/** What every emitter receives besides the model, and what it gives back. */

export interface EmitContext {
  /** typewire's version, written into each file's header. */
  readonly version: string;
  /** How doc comments name the schemas folder (`@see schemas/messages/...`). */
  readonly sourceRoot: string;
}

/** A generated file, in memory; `path` is relative to the out dir, posix separators. */
export interface EmittedFile {
  readonly path: string;
  readonly content: string;
}
