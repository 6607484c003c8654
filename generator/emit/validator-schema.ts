/**
 * Turns a message's bundled schema into the schema its validator is compiled
 * from: int64/uint64 integers and binary strings become typewire keywords
 * (ajv's own `type`/`minimum`/`minLength` would check a number or a string,
 * never a bigint or a Uint8Array). The input is not changed.
 */
import { KEYWORDS } from './ajv-keywords.js';
import { rewriteSchema, toPointer } from './schema-walk.js';
import { specialKind, unsupportedSpecialType } from './special-formats.js';

/** A problem found while rewriting, at a path inside the schema. */
export interface RewriteProblem {
  readonly path: ReadonlyArray<string>;
  readonly message: string;
}

export interface ValidatorSchema {
  readonly schema: { [key: string]: unknown } | boolean;
  readonly problems: ReadonlyArray<RewriteProblem>;
}

const INT64_LIMITS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const;
const INT64_UNSUPPORTED = ['enum', 'const'];
const BYTES_UNSUPPORTED = ['enum', 'const', 'pattern', 'contentEncoding', 'contentMediaType', 'contentSchema'];

export function validatorSchema(schema: unknown): ValidatorSchema {
  const problems: RewriteProblem[] = [];
  const rewritten = rewriteSchema(schema, (node, path) => {
    const typeProblem = unsupportedSpecialType(node);
    if (typeProblem !== undefined) problems.push({ path, message: typeProblem });
    const kind = specialKind(node);
    if (kind === undefined) return node;
    const { type: _type, format: _format, ...rest } = node;
    if (kind === 'bytes') {
      for (const keyword of BYTES_UNSUPPORTED) {
        if (keyword in rest) problems.push({ path: [...path, keyword], message: `"${keyword}" is not supported on binary values (format "binary")` });
      }
      const { minLength, maxLength, ...others } = rest;
      return {
        ...others,
        [KEYWORDS.bytes]: true,
        ...(minLength === undefined ? {} : { [KEYWORDS.minLength]: minLength }),
        ...(maxLength === undefined ? {} : { [KEYWORDS.maxLength]: maxLength }),
      };
    }
    for (const keyword of INT64_UNSUPPORTED) {
      if (keyword in rest) problems.push({ path: [...path, keyword], message: `"${keyword}" is not supported on 64-bit integers (format "${kind}"); use minimum/maximum` });
    }
    const out: { [key: string]: unknown } = {};
    for (const [key, value] of Object.entries(rest)) if (!(INT64_LIMITS as ReadonlyArray<string>).includes(key)) out[key] = value;
    out[KEYWORDS.int64] = kind;
    for (const keyword of INT64_LIMITS) {
      const value = rest[keyword];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || (keyword === 'multipleOf' && value <= 0)) {
        problems.push({ path: [...path, keyword], message: `"${keyword}" of a 64-bit integer must be ${keyword === 'multipleOf' ? 'a positive' : 'an'} integer` });
        continue;
      }
      out[KEYWORDS[keyword]] = BigInt(value).toString();
    }
    return out;
  });
  return { schema: rewritten as ValidatorSchema['schema'], problems };
}

/** A problem's place as a JSON pointer below `base` (the message's own pointer in its file). */
export function problemPointer(base: string, path: ReadonlyArray<string>): string {
  return `${base}${toPointer(path)}`;
}
