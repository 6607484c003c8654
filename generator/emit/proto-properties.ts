/**
 * A message may not name a property `__proto__`. Such a property cannot be
 * trusted end to end: ajv never validates a `properties.__proto__` subschema
 * (it skips that name on purpose, against prototype pollution), and msgpackr
 * decodes a `__proto__` key as `__proto_` (its own guard), so the message would
 * arrive changed. Refusing the schema is clearer than either surprise.
 */
import { walkSchema } from './schema-walk.js';

export const PROTO_KEY = '__proto__';

/** A schema place that names `__proto__` as a property, with the reason. */
export interface ProtoProblem {
  readonly path: ReadonlyArray<string>;
  readonly message: string;
}

const REASON =
  'a message cannot have a property named "__proto__": ajv does not validate it and the msgpack codec does not carry it (it arrives as "__proto_")';

function isOwn(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key);
}

function listsProto(value: unknown): boolean {
  return Array.isArray(value) && value.includes(PROTO_KEY);
}

/** Every `properties`, `required`, `dependentRequired`, `dependentSchemas` or `dependencies` that names `__proto__`. */
export function protoPropertyProblems(schema: unknown): ProtoProblem[] {
  const problems: ProtoProblem[] = [];
  const add = (path: ReadonlyArray<string>): void => {
    problems.push({ path, message: REASON });
  };
  walkSchema(schema, (node, path) => {
    for (const keyword of ['properties', 'dependentSchemas']) {
      if (isOwn(node[keyword], PROTO_KEY)) add([...path, keyword, PROTO_KEY]);
    }
    if (listsProto(node['required'])) add([...path, 'required']);
    for (const keyword of ['dependentRequired', 'dependencies']) {
      const map = node[keyword];
      if (map === null || typeof map !== 'object') continue;
      for (const [name, value] of Object.entries(map)) {
        if (name === PROTO_KEY || listsProto(value)) add([...path, keyword, name]);
      }
    }
  });
  return problems;
}
