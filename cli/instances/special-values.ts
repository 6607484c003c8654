/**
 * JSON has no 64-bit integers and no bytes, but typewire messages do (`bigint`
 * and `Uint8Array`). A message instance written by hand in a JSON file gives
 * int64 fields as numbers or decimal strings and bytes fields as base64; this
 * restores the in-process values at the message's special paths so the file
 * is validated exactly as a decoded message would be.
 */
import type { SpecialPaths } from '../../runtime/descriptors.js';

export interface ConversionProblem {
  /** JSON pointer to the value in the instance. */
  readonly path: string;
  readonly message: string;
}

type Converter = (value: unknown, pointer: string, problems: ConversionProblem[]) => unknown;

const DECIMAL = /^-?(0|[1-9][0-9]*)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const toBigint: Converter = (value, pointer, problems) => {
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    // JSON.parse has already rounded anything past 2^53; converting it would
    // validate a different number than the one in the file.
    if (!Number.isSafeInteger(value)) {
      problems.push({ path: pointer, message: `${value} is past 2^53 and lost precision when read as a JSON number; write 64-bit integers as decimal strings ("${BigInt(value)}")` });
    }
    return BigInt(value);
  }
  return value; // the validator reports the wrong type with its schema path
};

const toBytes: Converter = (value) => {
  if (typeof value !== 'string') return value;
  if (BASE64.test(value)) return new Uint8Array(Buffer.from(value, 'base64'));
  if (BASE64URL.test(value)) return new Uint8Array(Buffer.from(value, 'base64url'));
  return value;
};

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `convert` to every value at `path` (`*` = each array item or map value), in place. */
function convertAt(container: unknown, path: ReadonlyArray<string>, pointer: string, convert: Converter, problems: ConversionProblem[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const visit = (holder: Record<string, unknown> | unknown[], key: string): void => {
    const child = (holder as Record<string, unknown>)[key];
    const childPointer = `${pointer}/${escapeSegment(key)}`;
    if (rest.length === 0) {
      if (child !== undefined) (holder as Record<string, unknown>)[key] = convert(child, childPointer, problems);
    } else {
      convertAt(child, rest, childPointer, convert, problems);
    }
  };
  if (head === '*') {
    if (Array.isArray(container)) container.forEach((_, index) => visit(container, String(index)));
    else if (isRecord(container)) Object.keys(container).forEach((key) => visit(container, key));
  } else if ((isRecord(container) || Array.isArray(container)) && Object.prototype.hasOwnProperty.call(container, head)) {
    // a property name, or a tuple position (`prefixItems`) given as an index
    visit(container, head);
  }
}

/**
 * Converts int64 and bytes fields of a parsed JSON instance in place and
 * returns the instance (a new value when the message itself is an int64 or bytes).
 */
export function restoreSpecialValues(instance: unknown, special: SpecialPaths): { value: unknown; problems: ConversionProblem[] } {
  const problems: ConversionProblem[] = [];
  let value = instance;
  const apply = (paths: ReadonlyArray<ReadonlyArray<string>>, convert: Converter): void => {
    for (const path of paths) {
      if (path.length === 0) value = convert(value, '', problems);
      else convertAt(value, path, '', convert, problems);
    }
  };
  apply(special.int64, toBigint);
  apply(special.bytes, toBytes);
  return { value, problems };
}
