/**
 * `routes.ts`: every concrete subject the services use (method requests and
 * responses, event topics, queue subjects) with the message it carries, so a
 * gateway or a debugging tool can decode any envelope by its subject alone.
 */
import type { SchemaModel } from '../model/types.js';
import { importSpecifier, messageDescriptorName, messageTypePath, ROUTES_PATH } from '../naming/names.js';
import { codegenImportLines } from './codegen-imports.js';
import type { EmitContext, EmittedFile } from './emit-context.js';
import { headerLine } from './header.js';
import { docComment, quote } from './ts-literal.js';

interface RouteRow {
  readonly subject: string;
  readonly kind: 'request' | 'response' | 'event' | 'queue';
  readonly service: string;
  readonly name: string;
  readonly message: string;
}

const KIND_ORDER = ['request', 'response', 'event', 'queue'];

function compareRows(a: RouteRow, b: RouteRow): number {
  const keys = (row: RouteRow): string[] => [row.subject, String(KIND_ORDER.indexOf(row.kind)), row.service, row.name];
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** The routes, sorted by subject, then kind (request, response, event, queue). */
export function routeRows(model: SchemaModel): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const service of model.services) {
    for (const m of service.methods) {
      rows.push({ subject: m.subject, kind: 'request', service: service.name, name: m.name, message: m.request });
      rows.push({ subject: m.subject, kind: 'response', service: service.name, name: m.name, message: m.response });
    }
    for (const e of service.events) rows.push({ subject: e.topic, kind: 'event', service: service.name, name: e.name, message: e.payload });
    for (const q of service.queues) rows.push({ subject: q.subject, kind: 'queue', service: service.name, name: q.name, message: q.message });
  }
  return rows.sort(compareRows);
}

export function emitRoutesFile(model: SchemaModel, context: EmitContext): EmittedFile {
  const rows = routeRows(model);
  const messages = [...new Set(rows.map((row) => row.message))].sort();
  const imports =
    codegenImportLines([], ['RouteTable']) +
    messages.map((name) => `import { ${messageDescriptorName(name)} } from '${importSpecifier(ROUTES_PATH, messageTypePath(name))}';\n`).join('');
  const lines = rows.map(
    (row) =>
      `  { subject: ${quote(row.subject)}, kind: ${quote(row.kind)}, service: ${quote(row.service)}, name: ${quote(row.name)}, message: ${messageDescriptorName(row.message)} },\n`,
  );
  const doc = docComment(['Every subject the services use and the message it carries, sorted by subject, then kind.']);
  const table = rows.length === 0 ? '[]' : `[\n${lines.join('')}]`;
  const header = headerLine(context.version, model.services.map((service) => service.source.file));
  return { path: ROUTES_PATH, content: `${header}\n${imports}\n${doc}export const routes = ${table} as const satisfies RouteTable;\n` };
}
