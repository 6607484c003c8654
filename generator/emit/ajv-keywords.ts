/**
 * ajv keywords for typewire's bigint and bytes values. They generate code at
 * compile time (ajv "code" keywords), so they work in standalone validators
 * and nothing of the generator is needed at run time. The validator emitter
 * rewrites `{ type: integer, format: int64 }` and `{ type: string, format:
 * binary }` into these keywords (see validator-schema.ts).
 *
 * Error messages follow ajv's own wording ("must be >= 0") so that a caller
 * sees one style whichever keyword failed.
 */
import { _, str, type Code, type CodeKeywordDefinition, type KeywordCxt } from 'ajv';
import { INT64_RANGE } from './special-formats.js';

/** The keyword names, as they appear in a validator's schemaPath (`#/properties/at/typewire:minimum`). */
export const KEYWORDS = {
  int64: 'typewire:int64',
  minimum: 'typewire:minimum',
  maximum: 'typewire:maximum',
  exclusiveMinimum: 'typewire:exclusiveMinimum',
  exclusiveMaximum: 'typewire:exclusiveMaximum',
  multipleOf: 'typewire:multipleOf',
  bytes: 'typewire:bytes',
  minLength: 'typewire:minLength',
  maxLength: 'typewire:maxLength',
} as const;

const BIGINT_TEXT = /^-?(0|[1-9][0-9]*)$/;

/** Trusted text as code: ajv's `_` interpolates values as JSON, which a bigint literal or an operator is not. */
export function rawCode(text: string): Code {
  return _(Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray);
}

/** A bigint literal (`-12n`) as code. Only digit strings get here (checked by the keyword meta-schema and here again). */
function bigintCode(text: string): Code {
  if (!BIGINT_TEXT.test(text)) throw new Error(`not an integer: ${text}`);
  return rawCode(`${text}n`);
}

const bigintMeta = { type: 'string', pattern: BIGINT_TEXT.source };

const int64: CodeKeywordDefinition = {
  keyword: KEYWORDS.int64,
  schemaType: 'string',
  metaSchema: { enum: ['int64', 'uint64'] },
  code(cxt: KeywordCxt) {
    const { data } = cxt;
    const kind = cxt.schema as 'int64' | 'uint64';
    const [low, high] = INT64_RANGE[kind];
    cxt.setParams({ reason: 'type' });
    cxt.fail(_`typeof ${data} !== "bigint"`);
    cxt.setParams({ reason: 'range' });
    cxt.fail(_`typeof ${data} == "bigint" && (${data} < ${bigintCode(String(low))} || ${data} > ${bigintCode(String(high))})`);
  },
  error: {
    message: ({ schema, params }) => {
      const kind = schema as 'int64' | 'uint64';
      const [low, high] = INT64_RANGE[kind];
      return params['reason'] === 'range' ? str`must be within the ${kind} range ${String(low)} to ${String(high)}` : str`must be a bigint (${kind})`;
    },
    params: ({ schema }) => _`{format: ${schema as string}}`,
  },
};

function bigintLimit(keyword: string, comparison: '>=' | '<=' | '>' | '<'): CodeKeywordDefinition {
  // The keyword fails when the opposite comparison holds; non-bigint data is left to typewire:int64.
  const failing = { '>=': '<', '<=': '>', '>': '<=', '<': '>=' }[comparison];
  return {
    keyword,
    schemaType: 'string',
    metaSchema: bigintMeta,
    code(cxt: KeywordCxt) {
      cxt.fail(_`typeof ${cxt.data} == "bigint" && ${cxt.data}${rawCode(` ${failing} `)}${bigintCode(cxt.schema as string)}`);
    },
    error: {
      message: ({ schema }) => str`must be ${comparison} ${schema as string}`,
      params: ({ schema }) => _`{comparison: ${comparison}, limit: ${schema as string}}`,
    },
  };
}

const multipleOf: CodeKeywordDefinition = {
  keyword: KEYWORDS.multipleOf,
  schemaType: 'string',
  metaSchema: { type: 'string', pattern: '^[1-9][0-9]*$' },
  code(cxt: KeywordCxt) {
    cxt.fail(_`typeof ${cxt.data} == "bigint" && ${cxt.data} % ${bigintCode(cxt.schema as string)} !== 0n`);
  },
  error: {
    message: ({ schema }) => str`must be multiple of ${schema as string}`,
    params: ({ schema }) => _`{multipleOf: ${schema as string}}`,
  },
};

const bytes: CodeKeywordDefinition = {
  keyword: KEYWORDS.bytes,
  schemaType: 'boolean',
  metaSchema: { const: true },
  code(cxt: KeywordCxt) {
    cxt.fail(_`!(${cxt.data} instanceof Uint8Array)`);
  },
  error: { message: 'must be bytes (Uint8Array)', params: () => _`{type: "bytes"}` },
};

function byteLength(keyword: string, side: 'min' | 'max'): CodeKeywordDefinition {
  return {
    keyword,
    schemaType: 'number',
    metaSchema: { type: 'integer', minimum: 0 },
    code(cxt: KeywordCxt) {
      const limit = cxt.schema as number;
      cxt.fail(
        side === 'min'
          ? _`${cxt.data} instanceof Uint8Array && ${cxt.data}.length < ${limit}`
          : _`${cxt.data} instanceof Uint8Array && ${cxt.data}.length > ${limit}`,
      );
    },
    error: {
      message: ({ schema }) => str`must NOT have ${side === 'min' ? 'fewer' : 'more'} than ${schema as number} bytes`,
      params: ({ schema }) => _`{limit: ${schema as number}}`,
    },
  };
}

/** Every typewire keyword, in the order they are added to an ajv instance. */
export const TYPEWIRE_KEYWORDS: ReadonlyArray<CodeKeywordDefinition> = [
  int64,
  bigintLimit(KEYWORDS.minimum, '>='),
  bigintLimit(KEYWORDS.maximum, '<='),
  bigintLimit(KEYWORDS.exclusiveMinimum, '>'),
  bigintLimit(KEYWORDS.exclusiveMaximum, '<'),
  multipleOf,
  bytes,
  byteLength(KEYWORDS.minLength, 'min'),
  byteLength(KEYWORDS.maxLength, 'max'),
];
