/**
 * Turns ajv's errors into issues a person can act on: one message per
 * problem, at the JSON pointer of the offending value, with "did you mean"
 * where a typo is likely. ajv's raw output (with `allErrors`) repeats itself
 * and speaks in schema terms ("must match a schema in anyOf").
 */
import type { ErrorObject } from 'ajv';
import type { IssueList } from '../load/issues.js';
import { joinPointer, parsePointer } from '../resolve/pointer.js';
import { didYouMean } from '../resolve/suggest.js';
import {
  ERROR_CODE_PATTERN, MEMBER_NAME_PATTERN, RESERVED_METHOD_NAMES, SERVICE_NAME_PATTERN, TOPIC_PATTERN, TOPIC_WILDCARD_PATTERN, VERSION_PATTERN,
} from '../meta/service-schema.js';

const PATTERN_HINTS: Readonly<Record<string, string>> = {
  [SERVICE_NAME_PATTERN]: 'must start with a lowercase letter and contain only letters, digits and "-"',
  [MEMBER_NAME_PATTERN]: 'must be lowerCamelCase: a lowercase letter, then letters and digits',
  [ERROR_CODE_PATTERN]: 'must be UPPER_SNAKE_CASE',
  [VERSION_PATTERN]: 'must be a version like "1.0.0"',
  [TOPIC_PATTERN]: 'must be a concrete topic: "."-separated segments of letters, digits, "_" and "-" (no wildcards)',
  [TOPIC_WILDCARD_PATTERN]: 'must be "."-separated segments of letters, digits, "_" and "-", or the wildcards "*" and "#"',
};

const NAME_KINDS: Readonly<Record<string, string>> = {
  methods: 'method name',
  events: 'event name',
  subscriptions: 'subscription name',
  queues: 'queue name',
  errors: 'error code',
};

const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** Adds one issue per distinct problem; `base` is the pointer of the validated value inside `file`. */
export function reportAjvErrors(errors: ReadonlyArray<ErrorObject>, file: string, base: string, issues: IssueList): void {
  const groups = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const group = groups.get(error.instancePath) ?? [];
    group.push(error);
    groups.set(error.instancePath, group);
  }
  for (const [path, group] of groups) {
    const pointer = base + path;
    const alternatives = group.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    if (alternatives && path.endsWith('/type')) {
      const data = group[0]?.data;
      const hint = typeof data === 'string' ? didYouMean(data, SIMPLE_TYPES) : '';
      issues.add('SCHEMA_INVALID', file, pointer, `unknown type ${describe(data)}${hint}; expected one of ${SIMPLE_TYPES.join(', ')}`);
      continue;
    }
    const messages: Array<{ pointer: string; message: string }> = [];
    for (const error of group) {
      const item = explain(error, pointer);
      if (item !== undefined && !messages.some((m) => m.pointer === item.pointer && m.message === item.message)) messages.push(item);
    }
    if (alternatives) {
      // Each branch of an anyOf failed: say what any one of them wanted.
      const here = messages.filter((m) => m.pointer === pointer).map((m) => m.message);
      if (here.length > 0) issues.add('SCHEMA_INVALID', file, pointer, here.join(', or '));
      for (const m of messages.filter((m) => m.pointer !== pointer)) issues.add('SCHEMA_INVALID', file, m.pointer, m.message);
    } else {
      for (const m of messages) issues.add('SCHEMA_INVALID', file, m.pointer, m.message);
    }
  }
}

function explain(error: ErrorObject, pointer: string): { pointer: string; message: string } | undefined {
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) return explainName(error, pointer, error.propertyName);
  switch (error.keyword) {
    case 'anyOf':
    case 'oneOf':
    case 'propertyNames':
    case 'if':
      return undefined; // summarized by the errors of their branches
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      return { pointer: joinPointer(pointer, key), message: `unknown key ${JSON.stringify(key)}${didYouMean(key, Object.keys(parent?.properties ?? {}))}` };
    }
    case 'required':
      return { pointer, message: `missing required key ${JSON.stringify(params.missingProperty)}` };
    case 'type':
      return { pointer, message: typeMessage(params.type, error.data) };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed.filter((v): v is string => typeof v === 'string')) : '';
      return { pointer, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(error.data)})${hint}` };
    }
    case 'const':
      return { pointer, message: `must be ${JSON.stringify(params.allowedValue)} (got ${describe(error.data)})` };
    case 'pattern': {
      const pattern = String(params.pattern);
      return { pointer, message: `${describe(error.data)} ${PATTERN_HINTS[pattern] ?? 'does not match'} (pattern ${pattern})` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { pointer, message: `must be ${String(params.comparison)} ${String(params.limit)} (got ${describe(error.data)})` };
    case 'minLength':
      return { pointer, message: params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} characters` };
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { pointer, message: `must not repeat an item (items ${first} and ${second} are equal)` };
    }
    default:
      return { pointer, message: error.message ?? `fails "${error.keyword}"` };
  }
}

/** Errors from `propertyNames`: the key itself is wrong, so the pointer names the key. */
function explainName(error: ErrorObject, pointer: string, name: string): { pointer: string; message: string } | undefined {
  const segments = parsePointer(pointer) ?? [];
  const kind = NAME_KINDS[segments[segments.length - 1] ?? ''] ?? 'name';
  const at = joinPointer(pointer, name);
  if (error.keyword === 'not' || error.keyword === 'enum') {
    return {
      pointer: at,
      message: `${kind} ${JSON.stringify(name)} is reserved: generated clients use ${RESERVED_METHOD_NAMES.join(', ')} for their own members`,
    };
  }
  if (error.keyword === 'pattern') {
    const pattern = String((error.params as Record<string, unknown>).pattern);
    return { pointer: at, message: `${kind} ${JSON.stringify(name)} ${PATTERN_HINTS[pattern] ?? 'does not match'} (pattern ${pattern})` };
  }
  return { pointer: at, message: `${kind} ${JSON.stringify(name)}: ${error.message ?? 'is not allowed'}` };
}

function typeMessage(expected: unknown, data: unknown): string {
  const types = String(expected).split(',');
  if (types.length === 2 && types.includes('object') && types.includes('boolean')) return `must be a schema (an object or a boolean), got ${describe(data)}`;
  const wanted = types.map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`).join(' or ');
  // YAML reads `version: 1.0` as a number; quoting is the fix people miss.
  const yamlHint = types.includes('string') && (typeof data === 'number' || typeof data === 'boolean') ? '; quote it if this is YAML' : '';
  return `must be ${wanted} (got ${describe(data)}${yamlHint})`;
}

function describe(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (typeof data === 'object') return 'an object';
  if (typeof data === 'string') return JSON.stringify(data.length > 60 ? `${data.slice(0, 57)}...` : data);
  if (typeof data === 'number' || typeof data === 'boolean') return `${typeof data} ${String(data)}`;
  return String(data);
}
