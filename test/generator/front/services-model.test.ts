import { describe, expect, it } from 'vitest';
import { findService } from '../../../generator/front.js';
import { loadIssues, loadModel, message, service } from './helpers.js';

const msg = { $ref: '../messages/m.json' };
const base = { 'messages/m.json': message('M') };

describe('service models', () => {
  it('sorts members by name and fills in defaults', async () => {
    const model = await loadModel({
      ...base,
      'services/s.service.json': service('s', {
        methods: { zeta: { request: msg, response: msg, errors: { Z_ERR: {}, A_ERR: { retryable: true } } }, alpha: { request: msg, response: msg } },
        events: { later: { topic: 's.later', payload: msg }, early: { topic: 's.early', payload: msg } },
        queues: { work: { message: msg } },
      }),
    });
    const s = findService(model, 's')!;
    expect(s.methods.map((m) => m.name)).toEqual(['alpha', 'zeta']);
    expect(s.methods[1]!.errors.map((e) => [e.code, e.retryable])).toEqual([['A_ERR', true], ['Z_ERR', false]]);
    expect(s.events.map((e) => e.name)).toEqual(['early', 'later']);
    expect(s.queues[0]).toEqual({
      name: 'work', subject: 'queue.work', message: 'M', durable: true, overflow: 'reject', maxRetries: 3, retryDelayMs: 1000,
      priorities: 1, producers: [], consumers: [], source: { file: 'services/s.service.json', pointer: '/queues/work' },
    });
  });

  it('links a subscription to matching events of every service, sorted by service and event', async () => {
    const model = await loadModel({
      ...base,
      'services/a.service.json': service('a', { events: { zTick: { topic: 'clock.a.tick', payload: msg }, aTock: { topic: 'clock.a.tock', payload: msg } } }),
      'services/b.service.json': service('b', {
        events: { tick: { topic: 'clock.b.tick', payload: msg } },
        subscriptions: { ticks: { pattern: 'clock.*.tick' }, all: { pattern: '#' }, clocks: { pattern: 'clock.#' } },
      }),
    });
    const b = findService(model, 'b')!;
    expect(b.subscriptions.map((s) => [s.name, s.events.map((e) => `${e.service}.${e.event}`)])).toEqual([
      ['all', ['a.aTock', 'a.zTick', 'b.tick']],
      ['clocks', ['a.aTock', 'a.zTick', 'b.tick']],
      ['ticks', ['a.zTick', 'b.tick']],
    ]);
  });

  it('reports a pattern that matches no event (SCHEMA_UNMATCHED_PATTERN)', async () => {
    const issues = await loadIssues({
      ...base,
      'services/s.service.json': service('s', { events: { e: { topic: 'a.b.c', payload: msg } }, subscriptions: { typo: { pattern: 'a.*' } } }),
    });
    expect(issues).toEqual([{
      code: 'SCHEMA_UNMATCHED_PATTERN', file: 'services/s.service.json', pointer: '/subscriptions/typo/pattern',
      message: 'pattern "a.*" matches no declared event (declared topics: a.b.c)',
    }]);
  });

  it('reports two services with the same name (SCHEMA_DUPLICATE_NAME)', async () => {
    const issues = await loadIssues({ ...base, 'services/a.service.json': service('orders'), 'services/b.service.yaml': 'service: orders\nversion: 1.0.0\n' });
    expect(issues).toEqual([{
      code: 'SCHEMA_DUPLICATE_NAME', file: 'services/b.service.yaml', pointer: '/service',
      message: 'service "orders" clashes with service "orders" in services/a.service.json',
    }]);
  });

  it('reports two events with the same topic, and a method subject used as a topic', async () => {
    const issues = await loadIssues({
      ...base,
      'services/a.service.json': service('a', { events: { placed: { topic: 'order.placed', payload: msg } }, methods: { go: { request: msg, response: msg } } }),
      'services/b.service.json': service('b', { events: { placed: { topic: 'order.placed', payload: msg }, sneaky: { topic: 'a.go', payload: msg } } }),
    });
    expect(issues.map((i) => [i.code, i.file, i.pointer, i.message])).toEqual([
      ['SCHEMA_DUPLICATE_NAME', 'services/b.service.json', '/events/placed/topic', 'subject "order.placed" of event b.placed is already used by event a.placed (services/a.service.json)'],
      ['SCHEMA_DUPLICATE_NAME', 'services/b.service.json', '/events/sneaky/topic', 'subject "a.go" of event b.sneaky is already used by method a.go (services/a.service.json)'],
    ]);
  });

  it('reports a dead-letter queue that does not exist (SCHEMA_BAD_REF)', async () => {
    const issues = await loadIssues({
      ...base,
      'services/s.service.json': service('s', { queues: { jobs: { message: msg, deadLetter: 'jobDead' }, jobsDead: { message: msg }, loop: { message: msg, deadLetter: 'loop' } } }),
    });
    expect(issues.map((i) => [i.code, i.pointer, i.message])).toEqual([
      ['SCHEMA_BAD_REF', '/queues/jobs/deadLetter', 'dead-letter queue "jobDead" is not a queue of service "s" (did you mean "jobsDead"?)'],
      ['SCHEMA_BAD_REF', '/queues/loop/deadLetter', 'queue "loop" cannot be its own dead-letter queue'],
    ]);
  });
});
