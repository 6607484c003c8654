/**
 * Checks the exposition with Prometheus's own linter. promtool comes with
 * Debian's `prometheus` package, installed in CI; elsewhere the test is
 * skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RuntimeMetrics } from '../../../../runtime/observability/metrics/runtime-metrics.js';

const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = probe.error === undefined && probe.status === 0;
if (!hasPromtool && process.env['CI']) throw new Error('promtool is missing in CI: .ci/run installs Debian\'s prometheus package');
if (!hasPromtool) console.warn('skipping promtool check: promtool not found (apt-get install prometheus)');

describe.skipIf(!hasPromtool)('promtool check metrics', () => {
  it('accepts everything RuntimeMetrics exposes, process metrics included', async () => {
    const metrics = new RuntimeMetrics({ processMetrics: true, maxLabelValues: 2 });
    metrics.messageIn('orders.placeOrder', 100);
    metrics.messageOut('order.placed', 40);
    metrics.messageIn('a.b');
    metrics.messageIn('folded.one');
    metrics.messageDropped('nobody');
    metrics.handlerStart('orders.placeOrder');
    metrics.handlerDone('orders.placeOrder', 0.003, 'OUT_OF_STOCK');
    metrics.requestDone('orders.placeOrder', 0.004);
    metrics.error('orders.placeOrder', 'VALIDATION_FAILED');
    metrics.queueDepth('orders.fulfillment', 4);
    metrics.queueInFlight('orders.fulfillment', 1);
    metrics.queueEnqueuedOne('orders.fulfillment');
    metrics.queueAckedOne('orders.fulfillment');
    metrics.deadLetter('orders.fulfillment');
    metrics.connectionOpened();
    const result = spawnSync('promtool', ['check', 'metrics'], { input: await metrics.metrics(), encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('can fail: promtool rejects a counter without the _total suffix', () => {
    const bad = '# HELP broken_counter A counter.\n# TYPE broken_counter counter\nbroken_counter 1\n';
    const result = spawnSync('promtool', ['check', 'metrics'], { input: bad, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toMatch(/_total/);
  });
});
