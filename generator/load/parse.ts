/**
 * Parses a schema file's text as JSON or YAML. Failures carry a line and a
 * column, because "bad JSON" alone sends the user hunting through the file.
 */
import { parseDocument } from 'yaml';

export type ParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly errors: ReadonlyArray<string> };

export function parseSchemaText(text: string, file: string): ParseResult {
  return /\.ya?ml$/.test(file) ? parseYaml(text) : parseJson(text);
}

function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // V8 reports a character offset; newer versions also append "(line x column y)".
    const reason = raw.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+$/, '');
    const match = / at position (\d+)/.exec(raw);
    const offset = match === null ? text.length : Number(match[1]);
    const { line, column } = lineAndColumn(text, offset);
    return { ok: false, errors: [`invalid JSON at line ${line}, column ${column}: ${reason}`] };
  }
}

function parseYaml(text: string): ParseResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const { line, column } = lineAndColumn(text, e.pos[0]);
        return `invalid YAML at line ${line}, column ${column}: ${e.message}`;
      }),
    };
  }
  return { ok: true, value: doc.toJS() as unknown };
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
