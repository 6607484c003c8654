/**
 * docs/config.md lists every setting with its default and whether it reloads
 * hot; this keeps the page and the schema in step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA, HOT_RELOADABLE } from '../../../runtime/config/config-schema.js';

interface Leaf {
  readonly key: string;
  readonly pointer: string;
  readonly default: unknown;
}

interface SchemaNode {
  readonly type?: string;
  readonly default?: unknown;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
}

/** Every documented setting: leaves, plus lists (documented as a whole and by their items' keys). */
function leaves(node: SchemaNode, key: string, pointer: string): Leaf[] {
  if (node.type === 'array' && node.items) {
    return [{ key, pointer, default: node.default }, ...leaves(node.items, `${key}[]`, `${pointer}/*`)];
  }
  if (node.properties) {
    return Object.entries(node.properties).flatMap(([name, child]) => leaves(child, key === '' ? name : `${key}.${name}`, `${pointer}/${name}`));
  }
  return [{ key, pointer, default: node.default }];
}

function isHot(pointer: string): boolean {
  for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) if (HOT_RELOADABLE.has(p)) return true;
  return false;
}

const rows = new Map(
  readFileSync(new URL('../../../docs/config.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()))
    .map((cells) => [cells[1]!.replace(/`/g, ''), { default: cells[3]!, reloads: cells[4]! }] as const),
);

const settings = leaves(CONFIG_SCHEMA as unknown as SchemaNode, '', '');

describe('docs/config.md', () => {
  it('lists exactly the settings of the schema', () => {
    expect([...rows.keys()].sort()).toEqual(settings.map((s) => s.key).sort());
  });

  it.each(settings)('gives $key its default and reload class', (setting) => {
    const row = rows.get(setting.key);
    expect(row).toBeDefined();
    const documented = row!.default.replace(/`/g, '').split(' (')[0];
    expect(documented).toBe(setting.default === undefined ? '—' : typeof setting.default === 'object' ? JSON.stringify(setting.default) : String(setting.default));
    expect(row!.reloads).toBe(isHot(setting.pointer) ? 'hot' : 'restart');
  });
});
