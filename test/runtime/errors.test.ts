import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../runtime/errors/codes.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `([A-Z_]+)` \| (yes|no) \|/gm)].map((m) => [m[1]!, m[2] === 'yes'] as const),
);

describe('error codes', () => {
  it('documents every registered code with its retryable flag', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(documented.has(code), `${code} is missing from docs/errors.md`).toBe(true);
      expect(documented.get(code), `${code} retryable flag differs in docs/errors.md`).toBe(info.retryable);
    }
  });

  it('documents no code that is not registered', () => {
    const stale = [...documented.keys()].filter((code) => !(code in ERROR_CODES));
    expect(stale).toEqual([]);
  });

  it('crosses the wire with code, message, details and retryable intact', () => {
    const original = new TypewireError('OUT_OF_STOCK', 'sku ABC-1234 ran out', { details: { sku: 'ABC-1234' }, retryable: true });
    const rebuilt = TypewireError.fromWire(JSON.parse(JSON.stringify(original.toWire())));
    expect(rebuilt).toBeInstanceOf(TypewireError);
    expect(rebuilt.toWire()).toEqual({ code: 'OUT_OF_STOCK', message: 'sku ABC-1234 ran out', details: { sku: 'ABC-1234' }, retryable: true });
    expect(rebuilt.category).toBe('application');
  });

  it('takes category and retryable from the registry for registered codes', () => {
    const e = new TypewireError('TIMEOUT_REQUEST', 'late');
    expect(e.category).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(TypewireError.from(new Error('boom')).code).toBe('INTERNAL_HANDLER_FAILED');
  });
});
