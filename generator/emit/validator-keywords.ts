/**
 * The validator emitter's own check of keywords and formats. ajv compiles
 * generated validators with `strictSchema` off (strict mode refuses valid JSON
 * Schema, see validator.ts), which would also make it ignore an unknown keyword
 * or format without a word. The generator's front end reports those with file
 * and pointer long before this; this check keeps `emitValidatorModule` from
 * quietly compiling a schema with a typo when it is called directly.
 */
import type { Draft } from '../model/types.js';
import { didYouMean } from '../resolve/suggest.js';
import { DRAFT_KEYWORDS, KNOWN_FORMATS, SUPPORTED_KEYWORDS, UNSUPPORTED_KEYWORDS } from '../validate/keywords.js';
import { walkSchema } from './schema-walk.js';
import type { RewriteProblem } from './validator-schema.js';

function keywordMessage(keyword: string, draft: Draft): string {
  const advice = UNSUPPORTED_KEYWORDS.get(keyword);
  if (advice !== undefined) return `keyword ${JSON.stringify(keyword)} is not supported by typewire: ${advice}`;
  if (SUPPORTED_KEYWORDS.includes(keyword)) return `keyword ${JSON.stringify(keyword)} is not part of draft ${draft}`;
  return `unknown keyword ${JSON.stringify(keyword)}${didYouMean(keyword, SUPPORTED_KEYWORDS)}`;
}

/** Keywords outside the draft's supported set and formats typewire does not know, with their paths. */
export function keywordProblems(schema: unknown, draft: Draft): RewriteProblem[] {
  const allowed = DRAFT_KEYWORDS[draft];
  const problems: RewriteProblem[] = [];
  walkSchema(schema, (node, path) => {
    for (const [keyword, value] of Object.entries(node)) {
      if (!allowed.has(keyword)) problems.push({ path: [...path, keyword], message: keywordMessage(keyword, draft) });
      else if (keyword === 'format' && typeof value === 'string' && !KNOWN_FORMATS.includes(value)) {
        problems.push({ path: [...path, keyword], message: `unknown format ${JSON.stringify(value)}${didYouMean(value, KNOWN_FORMATS)}` });
      }
    }
  });
  return problems;
}
