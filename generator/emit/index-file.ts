/**
 * `index.ts`: one entry for everything generated, as explicit named
 * re-exports (no `export *`), so what the generated package offers can be
 * read in one place and a removed name is a visible diff.
 */
import type { SchemaModel } from '../model/types.js';
import {
  eventConstName,
  eventsPath,
  importSpecifier,
  INDEX_PATH,
  messageDescriptorName,
  messageTypePath,
  methodErrorTypeName,
  ROUTES_PATH,
  serviceNames,
  servicePath,
  validatorName,
  validatorPath,
} from '../naming/names.js';
import type { EmitContext, EmittedFile } from './emit-context.js';
import { headerLine } from './header.js';

export interface IndexExport {
  /** The output file the names come from. */
  readonly path: string;
  readonly values: ReadonlyArray<string>;
  readonly types: ReadonlyArray<string>;
}

/** Every name the generated index exports, by file. */
export function indexExports(model: SchemaModel): IndexExport[] {
  const out: IndexExport[] = [];
  for (const message of model.messages) {
    out.push({ path: messageTypePath(message.name), values: [messageDescriptorName(message.name)], types: [message.name] });
    out.push({ path: validatorPath(message.name), values: [validatorName(message.name)], types: [] });
  }
  for (const service of model.services) {
    if (service.events.length > 0) {
      out.push({ path: eventsPath(service.name), values: service.events.map((event) => eventConstName(service.name, event.name)), types: [] });
    }
    const names = serviceNames(service.name);
    const errors = service.methods.filter((m) => m.errors.length > 0).map((m) => methodErrorTypeName(service.name, m.name));
    out.push({ path: servicePath(service.name), values: [names.descriptor, names.createClient, names.define], types: [names.client, names.handlers, ...errors] });
  }
  out.push({ path: ROUTES_PATH, values: ['routes'], types: [] });
  return out;
}

function exportLine(entry: IndexExport): string {
  const names = [...[...entry.values].sort(), ...[...entry.types].sort().map((name) => `type ${name}`)];
  const from = `from '${importSpecifier(INDEX_PATH, entry.path)}';`;
  const oneLine = `export { ${names.join(', ')} } ${from}`;
  return oneLine.length <= 120 ? `${oneLine}\n` : `export {\n${names.map((name) => `  ${name},\n`).join('')}} ${from}\n`;
}

export function emitIndexFile(model: SchemaModel, context: EmitContext): EmittedFile {
  const entries = indexExports(model).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sources = [...model.messages.map((m) => m.source.file), ...model.services.map((s) => s.source.file)];
  return { path: INDEX_PATH, content: `${headerLine(context.version, sources)}\n${entries.map(exportLine).join('')}` };
}
