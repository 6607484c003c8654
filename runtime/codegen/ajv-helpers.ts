/**
 * ajv's standalone validators call a few helper modules with `require(...)`
 * (ajv issues #2209, #1976). The generator rewrites those calls to these
 * re-exports, so generated code stays pure ESM and imports only typewire.
 */
import equalModule from 'ajv/dist/runtime/equal.js';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import uriModule from 'ajv/dist/runtime/uri.js';
import validationErrorModule from 'ajv/dist/runtime/validation_error.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type Interop<T> = T | { default: T };
function unwrap<T>(mod: Interop<T>): T {
  return mod !== null && typeof mod === 'object' && 'default' in mod ? mod.default : (mod as T);
}

export const ajvEqual: (a: unknown, b: unknown) => boolean = unwrap(equalModule as unknown as Interop<(a: unknown, b: unknown) => boolean>);
export const ajvUcs2length: (str: string) => number = unwrap(ucs2lengthModule as unknown as Interop<(str: string) => number>);
export const ajvUri: unknown = unwrap(uriModule as unknown as Interop<unknown>);
export const ajvValidationError: unknown = unwrap(validationErrorModule as unknown as Interop<unknown>);
/** ajv-formats' full format set (the one validators are compiled against). */
export const ajvFormats: Readonly<Record<string, unknown>> = fullFormats;
