import { describe, expect, it } from 'vitest';
import { loadIssues, message, service } from './helpers.js';

describe('message schemas against their draft meta-schema (SCHEMA_INVALID)', () => {
  it('reports a bad type name at its pointer, with a suggestion', async () => {
    const issues = await loadIssues({ 'messages/m.json': message('M', { name: { type: 'strng' } }) });
    expect(issues).toEqual([{
      code: 'SCHEMA_INVALID',
      file: 'messages/m.json',
      pointer: '/properties/name/type',
      message: 'unknown type "strng" (did you mean "string"?); expected one of array, boolean, integer, null, number, object, string',
    }]);
  });

  it('reports wrong keyword values once each', async () => {
    const issues = await loadIssues({ 'messages/m.json': { ...message('M', { a: { minLength: -1 }, b: 3 }), required: 'a' } });
    expect(issues.map((i) => [i.pointer, i.message])).toEqual([
      ['/properties/a/minLength', 'must be >= 0 (got number -1)'],
      ['/properties/b', 'must be a schema (an object or a boolean), got number 3'],
      ['/required', 'must be an array (got "a")'],
    ]);
  });

  it('checks inline schemas in services at their place in the service file', async () => {
    const issues = await loadIssues({
      'services/s.service.json': service('s', { events: { e: { topic: 'a.b', payload: { title: 'P', type: 'object', properties: { x: { type: 'flaot' } } } } } }),
    });
    expect(issues).toEqual([expect.objectContaining({ file: 'services/s.service.json', pointer: '/events/e/payload/properties/x/type', message: expect.stringMatching(/^unknown type "flaot"; expected one of/) })]);
  });

  it('requires a title in message files', async () => {
    const issues = await loadIssues({ 'messages/m.json': { type: 'object' } });
    expect(issues).toEqual([{ code: 'SCHEMA_INVALID', file: 'messages/m.json', pointer: '', message: 'missing "title": the title names the message\'s TypeScript type' }]);
  });

  it('requires a message file to hold an object', async () => {
    const issues = await loadIssues({ 'messages/m.json': [1, 2] });
    expect(issues).toEqual([expect.objectContaining({ code: 'SCHEMA_INVALID', pointer: '', message: expect.stringContaining('one JSON Schema object') })]);
  });

  it('rejects a $schema it does not support', async () => {
    const issues = await loadIssues({ 'messages/m.json': { $schema: 'http://json-schema.org/draft-04/schema#', ...message('M') } });
    expect(issues).toEqual([expect.objectContaining({ code: 'SCHEMA_INVALID', pointer: '/$schema', message: expect.stringContaining('unsupported "$schema"') })]);
  });
});
