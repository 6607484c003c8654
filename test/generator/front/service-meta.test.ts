import { describe, expect, it } from 'vitest';
import { loadIssues, message, service } from './helpers.js';

const messages = { 'messages/req.json': message('Req'), 'messages/res.json': message('Res') };
const method = { request: { $ref: '../messages/req.json' }, response: { $ref: '../messages/res.json' } };

async function serviceIssues(definition: unknown) {
  return loadIssues({ ...messages, 'services/s.service.json': definition });
}

describe('service definitions against the meta-schema (SCHEMA_INVALID)', () => {
  it('names an unknown key and suggests the right one', async () => {
    const issues = await serviceIssues(service('s', { methods: { get: { ...method, timeout: 10 } } }));
    expect(issues).toEqual([{
      code: 'SCHEMA_INVALID',
      file: 'services/s.service.json',
      pointer: '/methods/get/timeout',
      message: 'unknown key "timeout" (did you mean "timeoutMs"?)',
    }]);
  });

  it('reports missing required keys and wrong types', async () => {
    const issues = await serviceIssues({ service: 's', methods: { get: { request: method.request, timeoutMs: '5s' } } });
    expect(issues.map((i) => [i.pointer, i.message])).toEqual([
      ['', 'missing required key "version"'],
      ['/methods/get', 'missing required key "response"'],
      ['/methods/get/timeoutMs', 'must be an integer (got "5s")'],
    ]);
  });

  it('hints at quoting a YAML version that parsed as a number', async () => {
    const issues = await loadIssues({ ...messages, 'services/s.service.yaml': 'service: s\nversion: 1.0\n' });
    expect(issues).toEqual([expect.objectContaining({ pointer: '/version', message: 'must be a string (got number 1; quote it if this is YAML)' })]);
  });

  it('checks names and codes by pattern, at the pointer of the name', async () => {
    const issues = await serviceIssues(service('Orders', {
      methods: { 'get-order': { ...method, errors: { notFound: {} } } },
      events: { placed: { topic: 'order.*', payload: method.request } },
    }));
    expect(issues.map((i) => [i.pointer, i.message])).toEqual([
      ['/events/placed/topic', '"order.*" must be a concrete topic: "."-separated segments of letters, digits, "_" and "-" (no wildcards) (pattern ^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$)'],
      ['/methods/get-order', 'method name "get-order" must be lowerCamelCase: a lowercase letter, then letters and digits (pattern ^[a-z][a-zA-Z0-9]*$)'],
      ['/methods/get-order/errors/notFound', 'error code "notFound" must be UPPER_SNAKE_CASE (pattern ^[A-Z][A-Z0-9_]*$)'],
      ['/service', '"Orders" must start with a lowercase letter and contain only letters, digits and "-" (pattern ^[a-z][a-zA-Z0-9-]*$)'],
    ]);
  });

  it('rejects method names that generated clients reserve', async () => {
    const issues = await serviceIssues(service('s', { methods: { close: method, then: method, events: method } }));
    expect(issues.map((i) => i.pointer)).toEqual(['/methods/close', '/methods/events', '/methods/then']);
    expect(issues[0]!.message).toBe('method name "close" is reserved: generated clients use close, constructor, events, queues, subscriptions, then for their own members');
  });

  it('explains enum and range violations in queues', async () => {
    const issues = await serviceIssues(service('s', {
      queues: { jobs: { message: method.request, overflow: 'dropOldest', priorities: 11, producers: ['a', 'a'] } },
    }));
    expect(issues.map((i) => [i.pointer, i.message])).toEqual([
      ['/queues/jobs/overflow', 'must be one of "reject", "drop-oldest" (got "dropOldest") (did you mean "drop-oldest"?)'],
      ['/queues/jobs/priorities', 'must be <= 10 (got number 11)'],
      ['/queues/jobs/producers', 'must not repeat an item (items 0 and 1 are equal)'],
    ]);
  });

  it('requires message slots to be schemas', async () => {
    const issues = await serviceIssues(service('s', { events: { e: { topic: 'a.b', payload: 'Req' } } }));
    expect(issues).toEqual([expect.objectContaining({ code: 'SCHEMA_INVALID', pointer: '/events/e/payload', message: 'must be an object (got "Req")' })]);
  });

  it('reports files under services/ without the .service suffix', async () => {
    const issues = await loadIssues({ ...messages, 'services/orders.json': service('orders') });
    expect(issues).toEqual([expect.objectContaining({ code: 'SCHEMA_INVALID', file: 'services/orders.json', message: expect.stringContaining('.service.json') })]);
  });
});
