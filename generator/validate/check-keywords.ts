/**
 * Checks every schema object for keywords outside the supported list, unknown
 * formats and patterns that are not valid regular expressions.
 */
import type { IssueList } from '../load/issues.js';
import { draftLabel } from '../resolve/draft.js';
import { joinPointer } from '../resolve/pointer.js';
import type { SchemaRoot } from '../resolve/schema-roots.js';
import { didYouMean } from '../resolve/suggest.js';
import { walkSchemas } from '../resolve/subschemas.js';
import { DRAFT_KEYWORDS, KNOWN_FORMATS, SUPPORTED_KEYWORDS, UNSUPPORTED_KEYWORDS } from './keywords.js';

/** Reports the problems of one schema root and everything below it. */
export function checkKeywords(root: SchemaRoot, issues: IssueList): void {
  const allowed = DRAFT_KEYWORDS[root.draft];
  walkSchemas(root.value, root.pointer, (schema, pointer) => {
    for (const [keyword, value] of Object.entries(schema)) {
      const at = joinPointer(pointer, keyword);
      if (!allowed.has(keyword)) issues.add('SCHEMA_UNSUPPORTED_KEYWORD', root.file, at, unsupportedMessage(keyword, root.draft));
      else if (keyword === 'format' && typeof value === 'string' && !KNOWN_FORMATS.includes(value)) {
        issues.add('SCHEMA_UNSUPPORTED_KEYWORD', root.file, at, `unknown format ${JSON.stringify(value)}${didYouMean(value, KNOWN_FORMATS)}`);
      } else if (keyword === 'pattern' && typeof value === 'string') {
        checkRegex(value, root.file, at, issues);
      } else if (keyword === 'patternProperties' && value !== null && typeof value === 'object') {
        for (const regex of Object.keys(value)) checkRegex(regex, root.file, joinPointer(at, regex), issues);
      }
    }
  });
}

function unsupportedMessage(keyword: string, draft: keyof typeof DRAFT_KEYWORDS): string {
  const advice = UNSUPPORTED_KEYWORDS.get(keyword);
  if (advice !== undefined) return `keyword ${JSON.stringify(keyword)} is not supported by typewire: ${advice}`;
  const other = draft === '07' ? '2020-12' : '07';
  if (DRAFT_KEYWORDS[other].has(keyword)) {
    return `keyword ${JSON.stringify(keyword)} is not part of ${draftLabel(draft)}, the dialect of this schema (it exists in ${draftLabel(other)})`;
  }
  return `unknown keyword ${JSON.stringify(keyword)}${didYouMean(keyword, SUPPORTED_KEYWORDS)}`;
}

/** ajv compiles patterns with the `u` flag, so that is the syntax to check. */
function checkRegex(source: string, file: string, pointer: string, issues: IssueList): void {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.add('SCHEMA_INVALID', file, pointer, `${JSON.stringify(source)} is not a valid regular expression: ${reason}`);
  }
}
