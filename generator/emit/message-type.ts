/**
 * A message's TypeScript type, made by json-schema-to-typescript from the
 * model's `typeSchema`. The schema is prepared first so that the library gets
 * only constructs it is known to handle (each is covered by a test in
 * test/generator/emit/message-type.test.ts):
 *
 * - int64/uint64 → `bigint`, binary → `Uint8Array` (via `tsType`);
 * - `oneOf`/`anyOf` beside `properties` → an explicit `allOf` of the two
 *   (its issue #637: mixing them produced dangling type names);
 * - a `$ref` beside a description → wrapped in `allOf`, or the library would
 *   declare a copy of the target (`Address1`) to carry the description;
 * - `prefixItems` (2020-12 tuples) → the draft-07 `items` array it understands;
 * - `not`, `if`/`then`/`else` and other assertion-only keywords are dropped:
 *   a type cannot say them, and the library would wrongly type the value as
 *   an object; a schema left with annotations only is `unknown`.
 *
 * Each field's doc comment carries the schema's description and a pointer
 * back to the schema (`@see schemas/messages/order-line.json#/properties/sku`).
 */
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import type { MessageModel } from '../model/types.js';
import { rewriteSchema, toPointer } from './schema-walk.js';
import { specialKind, specialTsType } from './special-formats.js';

const DROPPED = ['not', 'if', 'then', 'else', 'contains', 'propertyNames', 'dependentSchemas', 'dependentRequired', 'unevaluatedProperties', 'unevaluatedItems'];
const OBJECT_KEYWORDS = ['properties', 'required', 'additionalProperties', 'patternProperties'];
/** Keywords from which the library derives a type; a schema with none of them (only annotations) is `unknown`. */
const TYPING = ['type', 'enum', 'const', '$ref', 'properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf', 'tsType'];

export interface TypeOptions {
  /** How `@see` names the schemas folder (`schemas`). */
  readonly sourceRoot: string;
}

/** `@see schemas/messages/order-line.json#/properties/sku` */
export function seeTag(options: TypeOptions, file: string, pointer: string): string {
  return `@see ${options.sourceRoot}/${file}${pointer === '' ? '' : `#${pointer}`}`;
}

function withSee(description: unknown, see: string): string {
  return typeof description === 'string' && description.trim() !== '' ? `${description.trim()}\n\n${see}` : see;
}

/** The typeSchema made ready for json-schema-to-typescript (see the module comment). */
export function prepareTypeSchema(message: MessageModel, options: TypeOptions): { [key: string]: unknown } {
  const base = message.source.pointer;
  const prepared = rewriteSchema(message.typeSchema, (node, path) => {
    let out: { [key: string]: unknown } = node;
    for (const keyword of DROPPED) delete out[keyword];
    const kind = specialKind(out);
    if (kind !== undefined && out['tsType'] === undefined) out['tsType'] = specialTsType(kind);
    // The library types an annotation-only schema ({ description }) as an object; it accepts any value.
    if (!TYPING.some((keyword) => keyword in out)) out['tsType'] = 'unknown';
    if (Array.isArray(out['prefixItems'])) {
      const { prefixItems, items, ...rest } = out;
      out = { ...rest, items: prefixItems, ...(items === undefined ? {} : { additionalItems: items }) };
    }
    if ((Array.isArray(out['oneOf']) || Array.isArray(out['anyOf'])) && OBJECT_KEYWORDS.some((k) => k in out)) {
      const objectPart: { [key: string]: unknown } = { type: 'object' };
      const rest: { [key: string]: unknown } = {};
      for (const [key, value] of Object.entries(out)) (OBJECT_KEYWORDS.includes(key) ? objectPart : rest)[key] = value;
      const { oneOf, anyOf, allOf, ...others } = rest;
      const choice = oneOf === undefined ? { anyOf } : anyOf === undefined ? { oneOf } : { allOf: [{ oneOf }, { anyOf }] };
      out = { ...others, allOf: [...(Array.isArray(allOf) ? allOf : []), objectPart, choice] };
    }
    const isField = path.length >= 2 && path[path.length - 2] === 'properties';
    if (isField) {
      if (typeof out['$ref'] === 'string') {
        const { $ref, ...rest } = out;
        out = { ...rest, allOf: [{ $ref }, ...(Array.isArray(rest['allOf']) ? rest['allOf'] : [])] };
      }
      out['description'] = withSee(out['description'], seeTag(options, message.source.file, `${base}${toPointer(path)}`));
    }
    return out;
  }) as { [key: string]: unknown };
  prepared['title'] = message.name;
  prepared['description'] = withSee(message.description ?? prepared['description'], seeTag(options, message.source.file, base));
  return prepared;
}

const STYLE = { singleQuote: true, printWidth: 120, trailingComma: 'all', semi: true, bracketSpacing: true } as const;

/** The names a type module declares (`export interface X`, `export type X`, `export enum X`). */
export function declaredTypeNames(code: string): string[] {
  return [...code.matchAll(/^export (?:declare )?(?:interface|type|enum|const enum) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

/**
 * The TypeScript declarations of a message (its own type first, then titled
 * subschemas), formatted with prettier through json-schema-to-typescript, so
 * the output is stable for a given library version.
 */
export async function emitMessageType(message: MessageModel, options: TypeOptions): Promise<string> {
  const schema = prepareTypeSchema(message, options);
  const code = await compile(schema as JSONSchema, message.name, {
    bannerComment: '',
    unknownAny: true,
    declareExternallyReferenced: true,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: false,
    format: true,
    style: STYLE,
    // Everything is bundled already; nothing may be read from disk or the network.
    $refOptions: { resolve: { external: false } },
  });
  return `${code.trim()}\n`;
}
