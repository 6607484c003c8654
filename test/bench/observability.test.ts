import { describe, expect, it } from 'vitest';
import { createObservabilitySuite } from '../../bench/observability.bench.js';
import { checkSuite } from '../../bench/harness/run-suite.js';
import { buildWorld, CONFIGS, LOOPS, PUBLISH_GROUP } from '../../bench/observability/loops.js';

describe('observability benchmark', () => {
  it('compares every loop with observability on against the same loop off, with a 1 % goal', () => {
    const suite = createObservabilitySuite();
    checkSuite({ ...suite, cases: suite.cases.map((c) => ({ name: c.name, ...(c.baseline === undefined ? {} : { baseline: c.baseline }), op: () => undefined })) });
    expect(suite.cases).toHaveLength(LOOPS.length * CONFIGS.length);
    for (const c of suite.cases.filter((x) => x.name.endsWith(', off'))) expect(c.baseline).toBeUndefined();
    // Tracing alone and the full set, per loop, each held to the 1 % goal against the loop with observability off.
    expect(suite.targets.map((t) => [t.name.replace(/^observability: [^,]+, /, ''), t.target])).toEqual(
      LOOPS.flatMap(() => [
        ['tracing', 0.99],
        ['metrics+tracing+logger', 0.99],
      ]),
    );
  });

  it.each(CONFIGS)('runs each loop with observability %s', { timeout: 20_000 }, async (config) => {
    const world = await buildWorld(config);
    try {
      for (const loop of LOOPS) {
        const latencies: number[] = [];
        await world.loops[loop](PUBLISH_GROUP * 2, latencies);
        expect(latencies).toHaveLength(loop === 'publish in process' ? 2 : PUBLISH_GROUP * 2);
        for (const l of latencies) expect(l).toBeGreaterThan(0);
      }
    } finally {
      await world.close();
    }
  });
});
