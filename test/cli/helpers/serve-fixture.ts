/**
 * A temp project for `typewire serve`: a service module (plain JS importing
 * the built generated code, as a user's compiled service would) and a
 * typewire.yaml on loopback ports chosen by the OS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './run-cli.js';

export function writeServeProject(queues = 'store: memory'): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'typewire-serve-'));
  const generated = pathToFileURL(join(REPO_ROOT, 'dist/generated/index.js')).href;
  writeFileSync(
    join(dir, 'orders.mjs'),
    `import { defineOrdersService } from ${JSON.stringify(generated)};
export default defineOrdersService({
  async placeOrder(request) { return { orderId: 'ord-1', status: 'accepted', totalCents: request.items[0].unitPriceCents }; },
  async getOrder(request, ctx) { return ctx.fail('ORDER_NOT_FOUND', 'no order ' + request.orderId); },
});
`,
  );
  writeFileSync(join(dir, 'not-a-service.mjs'), 'export const answer = 42;\n');
  const config = join(dir, 'typewire.yaml');
  writeFileSync(
    config,
    `runtime:\n  source: serve-test\nlogging:\n  level: info\nserver:\n  host: 127.0.0.1\n  port: 0\nmetrics:\n  host: 127.0.0.1\n  port: 0\nqueues:\n  ${queues}\nservices:\n  - name: orders\n    module: ./orders.mjs\n`,
  );
  return { dir, config };
}
