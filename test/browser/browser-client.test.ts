/**
 * A generated client in a real browser: the page (page.ts, bundled by
 * esbuild for the browser platform, so any Node built-in in its imports fails
 * the build) runs in headless Chromium against a Node WebSocket server hosting
 * the orders service: it calls a method, receives the event, and gets typed
 * errors (a declared one, and VALIDATION_FAILED for a bad request).
 *
 * Needs Debian's chromium at /usr/bin/chromium: skipped, with the reason
 * printed, when it is missing outside CI; a failure when CI=true.
 */
import { existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { routes } from '../../generated/index.js';
import { createWsServer } from '../../runtime/net/ws/ws.js';
import { onCleanup, runtime } from '../runtime/net/harness.js';
import { serveOrders } from '../runtime/net/ws/ws-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true';
if (!available && !inCi) console.warn(`test/browser: skipped, ${CHROMIUM} is missing (apt-get install -y chromium); CI=true makes this a failure`);

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [root('test/browser/page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    conditions: ['typewire-source'],
    alias: { 'typewire/codegen': root('runtime/codegen.ts') },
  });
  return result.outputFiles[0]!.text;
}

describe('generated client in headless Chromium', () => {
  it.skipIf(!available && !inCi)('calls a method, receives the event, and gets typed errors', { timeout: 90_000 }, async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing and CI=true: .ci/run must install chromium`);
    const script = await bundlePage();

    // One HTTP server for the page and, at /typewire, the typewire server (a secure context: 127.0.0.1).
    const http = createHttpServer((request, response) => {
      if (request.url === '/page.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(script);
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>typewire</title><script type="module" src="/page.js"></script>');
      }
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    onCleanup(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const port = (http.address() as { port: number }).port;
    const serverRuntime = runtime({ source: 'server', routes });
    serveOrders(serverRuntime);
    const s = await createWsServer(serverRuntime, { server: http, onError: () => undefined });
    onCleanup(() => s.terminate());
    const clientIds: string[] = [];
    s.onConnect((session) => clientIds.push(session.clientId));

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    onCleanup(() => browser.close());
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'typewireTest' in globalThis);
    const result = await page.evaluate(
      (url) => (globalThis as unknown as { typewireTest: { run(url: string): Promise<unknown> } }).typewireTest.run(url),
      `ws://127.0.0.1:${port}/typewire`,
    );

    expect(pageErrors).toEqual([]);
    expect(result).toMatchObject({
      state: 'connected',
      secureContext: true,
      reply: { orderId: 'ord-1', status: 'accepted', totalCents: '18014398509481986' },
      events: [{ orderId: 'ord-1', totalCents: '18014398509481986' }],
      declared: { isTypewireError: true, isDeclared: true, code: 'OUT_OF_STOCK', details: { sku: 'ABC-1234', requested: 11, available: 10 } },
      invalid: { isTypewireError: true, isDeclared: false, code: 'VALIDATION_FAILED' },
    });
    const invalid = (result as { invalid: { details: { errors: Array<{ path: string }> } } }).invalid;
    expect(invalid.details.errors[0]!.path).toMatch(/customerId/);
    expect(clientIds).toEqual([expect.stringMatching(/^browser-/)]);
  });
});
