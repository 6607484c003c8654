import { describe, expect, it } from 'vitest';
import { FD_HEADROOM, parseLimit, parsePortRange, perConnection, planConnections, PORT_HEADROOM } from '../../../bench/net/idle-plan.js';

describe('planConnections', () => {
  it('opens what was asked for when the limits allow it', () => {
    expect(planConnections(10_000, { softFds: 20_000, hardFds: 20_000, ephemeralPorts: 28_232 })).toEqual({ connections: 10_000, raiseFdsTo: undefined, notes: [] });
    expect(planConnections(10_000, { softFds: undefined, hardFds: undefined, ephemeralPorts: undefined }).connections).toBe(10_000);
  });

  it('raises the soft limit when the hard one allows it', () => {
    const plan = planConnections(10_000, { softFds: 1024, hardFds: 1_048_576, ephemeralPorts: 28_232 });
    expect(plan).toEqual({ connections: 10_000, raiseFdsTo: 10_000 + FD_HEADROOM, notes: [] });
    expect(planConnections(10_000, { softFds: 1024, hardFds: Number.POSITIVE_INFINITY, ephemeralPorts: undefined }).raiseFdsTo).toBe(10_000 + FD_HEADROOM);
  });

  it('opens fewer connections, and says why, when the hard limit is too low', () => {
    const plan = planConnections(10_000, { softFds: 1024, hardFds: 4096, ephemeralPorts: 28_232 });
    expect(plan.connections).toBe(4096 - FD_HEADROOM);
    expect(plan.raiseFdsTo).toBe(4096);
    expect(plan.notes).toEqual([expect.stringContaining('hard limit')]);
    expect(planConnections(10_000, { softFds: 4096, hardFds: 4096, ephemeralPorts: undefined }).raiseFdsTo).toBeUndefined();
  });

  it('opens fewer connections when the ephemeral port range is too small', () => {
    const plan = planConnections(10_000, { softFds: 65_536, hardFds: 65_536, ephemeralPorts: 5000 });
    expect(plan.connections).toBe(5000 - PORT_HEADROOM);
    expect(plan.notes).toEqual([expect.stringContaining('ephemeral ports')]);
  });
});

describe('perConnection', () => {
  it('divides the growth of RSS, and of heap plus external memory, by the connection count', () => {
    const before = { rss: 100 * 2 ** 20, heapUsed: 10 * 2 ** 20, external: 2 ** 20 };
    const after = { rss: 300 * 2 ** 20, heapUsed: 60 * 2 ** 20, external: 11 * 2 ** 20 };
    expect(perConnection(before, after, 10_240)).toEqual({ rssBytes: 20 * 1024, heapBytes: 6 * 1024 });
    expect(() => perConnection(before, after, 0)).toThrow(RangeError);
  });
});

describe('limit parsing', () => {
  it('reads ulimit output', () => {
    expect(parseLimit('20000\n')).toBe(20_000);
    expect(parseLimit('unlimited')).toBe(Number.POSITIVE_INFINITY);
    expect(parseLimit('')).toBeUndefined();
    expect(parseLimit('lots')).toBeUndefined();
  });

  it('reads the ephemeral port range', () => {
    expect(parsePortRange('32768\t60999\n')).toBe(28_232);
    expect(parsePortRange('1024 1024')).toBe(1);
    expect(parsePortRange('60999 32768')).toBeUndefined();
    expect(parsePortRange('')).toBeUndefined();
  });
});
