/**
 * The network benchmarks: typewire over a transport against the raw
 * baseline on the same transport, in one suite per transport so that every
 * contender is interleaved with its baseline (bench/net/async-suite.ts).
 *
 * Everything runs in this one process on 127.0.0.1: clients, servers, raw
 * sinks and echo servers. On a 2-core machine shared with other work this
 * is the reproducible choice; it means each rate is the cost of both ends on
 * one thread, for typewire and the baseline alike, so the ratios compare
 * like with like (absolute rates are lower than with the two ends on two
 * cores).
 */
import type { TargetSpec } from '../harness/types.js';
import type { AsyncBenchSuite } from './async-suite.js';
import type { CheckSpec } from './checks.js';
import type { RawEngine, TypewireEngine } from './engines.js';
import { fanOutScenario, SUBSCRIBERS } from './fan-out.js';
import { oneWayScenario } from './one-way.js';
import { exampleOrder, ORDER_SUBMITTED_EVENT, TELEMETRY_EVENT, telemetryReading } from './payloads.js';
import { rawTcp, rawTcpCoalesced } from './raw-tcp.js';
import { requestReplyScenario } from './request-reply.js';
import type { Scenario } from './resources.js';
import { rawWs } from './raw-ws.js';
import { typewireTcp } from './typewire-tcp.js';
import { typewireWs } from './typewire-ws.js';

/** The targets of issue 3 ("Benchmarks"). */
export const TARGETS = {
  /** RPC with 100 pipelined over TCP, relative to the raw TCP echo. */
  tcpPipelinedRpc: 0.45,
  /** One-way publish over TCP, relative to raw TCP one-way frames. */
  tcpPublish: 1 / 3,
  /** One-way publish over ws, relative to raw ws with one message per frame. */
  wsPublish: 10,
  /** p99 latency with 1 request outstanding, at most this multiple of the raw echo's. */
  p99OneOutstanding: 1.5,
  /** Messages per second end to end over ws, validation on. */
  wsAbsoluteMsgsPerSec: 100_000,
} as const;

interface EngineTargets {
  /** One-way publish, typewire over the first raw baseline (and over any second one, as a check). */
  readonly publish: number;
  /** RPC with 100 pipelined, likewise. */
  readonly pipelinedRpc?: number;
  /** An absolute floor on the 100-byte publish rate (msgs/s). */
  readonly publishFloor?: number;
}

/**
 * One suite per transport. `raws[0]` is the declared baseline of every
 * typewire case; a second raw engine is measured beside it, and the same
 * targets are checked against it too (see createNetTcpSuite).
 */
function netSuite(name: string, raws: ReadonlyArray<RawEngine>, typewire: TypewireEngine, goals: EngineTargets): AsyncBenchSuite {
  const prefix = `net ${typewire.name}:`;
  const small = oneWayScenario({ prefix, label: 'telemetry', event: TELEMETRY_EVENT, payload: telemetryReading(), raw: raws, typewire });
  const order = oneWayScenario({ prefix, label: 'example order', event: ORDER_SUBMITTED_EVENT, payload: exampleOrder(), raw: raws, typewire });
  const rpc = requestReplyScenario(prefix, raws, typewire);
  const fanOut = fanOutScenario(prefix, raws, typewire);
  const scenarios: Scenario[] = [small, order, rpc, fanOut];

  const goal = (contender: string, baselines: ReadonlyArray<string>, target: number): { targets: TargetSpec[]; checks: CheckSpec[] } => ({
    targets: [{ name: contender, metric: 'ops_per_sec', target }],
    checks: baselines.slice(1).map((against) => ({ kind: 'throughput', name: contender, against, target })),
  });
  const throughputGoals = [
    goal(small.typewireName, small.rawNames, goals.publish),
    goal(order.typewireName, order.rawNames, goals.publish),
    ...(goals.pipelinedRpc === undefined ? [] : [goal(rpc.names.pipelined.typewire, rpc.names.pipelined.raw, goals.pipelinedRpc)]),
  ];
  const checks: CheckSpec[] = [
    ...throughputGoals.flatMap((g) => g.checks),
    { kind: 'latency', name: rpc.names.one.typewire, percentile: 99, target: TARGETS.p99OneOutstanding },
    ...(goals.publishFloor === undefined ? [] : [{ kind: 'absolute' as const, name: small.typewireName, target: goals.publishFloor }]),
  ];
  return {
    kind: 'async',
    name,
    description:
      `typewire over ${typewire.name} vs ${raws.map((r) => r.describe).join(' / ')}; loopback, both ends in this process; ` +
      `fan-out ops are publishes (x${SUBSCRIBERS} deliveries); validation on, callerStacks off`,
    cases: scenarios.flatMap((s) => s.cases),
    targets: throughputGoals.flatMap((g) => g.targets),
    checks,
    async setup() {
      for (const scenario of scenarios) await scenario.setup();
      const sizes = [small, order].map((s) => `${s.typewireName}: ${s.frameBytes() ?? '?'} B frame body per message`);
      console.log(`\n${sizes.join('\n')}`);
    },
    async teardown() {
      for (const scenario of [...scenarios].reverse()) await scenario.teardown();
    },
  };
}

/**
 * Over TCP the issue names "raw TCP with length-prefixed frames" as the
 * baseline. Read literally (and like ws's "one message per frame"), that is
 * one write per frame, which is the declared baseline here; a baseline that
 * coalesces its writes as typewire does is measured too, and the targets
 * are checked against both, so that typewire's batching is not mistaken for
 * cheap per-message work.
 */
export function createNetTcpSuite(): AsyncBenchSuite {
  return netSuite('net-tcp', [rawTcp, rawTcpCoalesced], typewireTcp, { publish: TARGETS.tcpPublish, pipelinedRpc: TARGETS.tcpPipelinedRpc });
}

/**
 * Over WebSocket the baseline is the ws package with one message per frame,
 * as the issue names it; the 100K msgs/s floor applies to the 100-byte
 * publish, with validation on both ends.
 */
export function createNetWsSuite(): AsyncBenchSuite {
  return netSuite('net-ws', [rawWs], typewireWs, { publish: TARGETS.wsPublish, publishFloor: TARGETS.wsAbsoluteMsgsPerSec });
}
