/**
 * The monitoring page in headless Chromium: a host (startHost, in process)
 * on an embedded PGlite store holds N fulfillment tasks; the page, polling
 * /api/status, must show the depth the database counts. The screenshot goes
 * to test-artifacts/monitor.png (gitignored) for a human to look at.
 *
 * Needs Debian's chromium at /usr/bin/chromium: skipped, with the reason
 * printed, when it is missing outside CI; a failure when CI=true.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startHost } from '../../cli/host/start-host.js';
import { OrdersService } from '../../generated/index.js';
import { parseConfig } from '../../runtime/config/load-config.js';
import { createEnvelope } from '../../runtime/envelope.js';
import { onCleanup } from '../runtime/net/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true';
if (!available && !inCi) console.warn(`test/browser: skipped, ${CHROMIUM} is missing (apt-get install -y chromium); CI=true makes this a failure`);

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const COUNT = 7;

describe('monitoring page in headless Chromium', () => {
  it.skipIf(!available && !inCi)('shows the queue depth the database holds', { timeout: 90_000 }, async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing and CI=true: .ci/run must install chromium`);
    const config = parseConfig('runtime: { source: monitor-test }\nlogging: { level: silent }\nserver: { host: 127.0.0.1, port: 0 }\nmetrics: { host: 127.0.0.1, port: 0 }\nqueues: { store: pglite }\n', { env: {} });
    const host = await startHost({ config, baseDir: process.cwd() });
    onCleanup(() => host.close());
    const store = host.queues.store!;
    const fulfillment = OrdersService.queues.fulfillment;
    for (let i = 0; i < COUNT; i++) {
      const id = `task-${i}`;
      await store.enqueue(fulfillment, createEnvelope('queue.fulfillment', { orderId: id, items: [{ sku: 'ABC-1234', quantity: 1, unitPriceCents: 100n }] }, { id }));
    }
    const counted = await host.queues.db!.query<{ n: number }>("select count(*)::int as n from typewire_queue_messages where queue = 'fulfillment'");
    const inDatabase = Number(counted.rows[0]!.n);
    expect(inDatabase).toBe(COUNT);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 960, height: 480 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${host.adminUrl!}/`);
    const depth = page.locator('[data-queue="fulfillment"][data-field="depth"]');
    await depth.filter({ hasText: String(inDatabase) }).waitFor({ timeout: 15_000 });
    expect((await depth.textContent())?.trim()).toBe(String(inDatabase));
    expect(await page.locator('#store').textContent()).toBe('pglite');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}monitor.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
