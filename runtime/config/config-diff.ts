/**
 * What changed between two configurations, key by key, and whether each
 * change can apply to a running process (HOT_RELOADABLE) or needs a restart.
 */
import { HOT_RELOADABLE, type TypewireConfig } from './config-schema.js';
import { pointerSegment } from './substitute-env.js';

export interface ConfigChange {
  /** JSON pointer of the changed setting. Lists (`/services`) change as a whole. */
  readonly pointer: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly hot: boolean;
}

export interface ConfigDiff {
  readonly changes: ReadonlyArray<ConfigChange>;
  /** Pointers of changes that apply without a restart. */
  readonly hot: ReadonlyArray<string>;
  /** Pointers of changes that take effect only after a restart. */
  readonly restart: ReadonlyArray<string>;
}

export function diffConfig(before: TypewireConfig, after: TypewireConfig, hotKeys: ReadonlySet<string> = HOT_RELOADABLE): ConfigDiff {
  const changes: ConfigChange[] = [];
  collect(before, after, '', (pointer, a, b) => changes.push({ pointer, before: a, after: b, hot: isHot(pointer, hotKeys) }));
  return {
    changes,
    hot: changes.filter((c) => c.hot).map((c) => c.pointer),
    restart: changes.filter((c) => !c.hot).map((c) => c.pointer),
  };
}

function isHot(pointer: string, hotKeys: ReadonlySet<string>): boolean {
  for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) if (hotKeys.has(p)) return true;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function collect(a: unknown, b: unknown, pointer: string, report: (pointer: string, a: unknown, b: unknown) => void): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) collect(a[key], b[key], `${pointer}/${pointerSegment(key)}`, report);
    return;
  }
  if (!equal(a, b)) report(pointer, a, b);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => equal(a[k], b[k]));
  }
  return false;
}
