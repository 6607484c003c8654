/**
 * Writes small inline schema sets to temp folders and loads them through the
 * front end, so each test states its input next to its assertions.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { loadSchemaModel } from '../../../generator/front.js';
import type { SchemaIssue, SchemaModel } from '../../../generator/model/types.js';

/** File path (relative to the schemas folder) → JSON value, or raw text for YAML and broken files. */
export type SchemaFiles = Readonly<Record<string, unknown>>;

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function writeSchemas(files: SchemaFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-front-'));
  created.push(dir);
  for (const [file, content] of Object.entries(files)) {
    const path = join(dir, ...file.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export async function loadModel(files: SchemaFiles): Promise<SchemaModel> {
  const result = await loadSchemaModel(writeSchemas(files));
  if (!result.ok) expect.fail(`expected no issues, got:\n${result.issues.map((i) => `${i.code} ${i.file}#${i.pointer}: ${i.message}`).join('\n')}`);
  return result.model;
}

export async function loadIssues(files: SchemaFiles): Promise<SchemaIssue[]> {
  const result = await loadSchemaModel(writeSchemas(files));
  if (result.ok) expect.fail('expected issues, but the schemas loaded');
  return result.issues;
}

/** A minimal valid message schema. */
export function message(title: string, properties: Record<string, unknown> = { id: { type: 'string' } }): Record<string, unknown> {
  return { title, type: 'object', properties, additionalProperties: false };
}

/** A minimal valid service definition; `extra` adds methods, events, queues... */
export function service(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { service: name, version: '1.0.0', ...extra };
}
