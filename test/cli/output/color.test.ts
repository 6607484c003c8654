import { describe, expect, it } from 'vitest';
import { createPalette, shouldColor } from '../../../cli/output/color.js';

describe('shouldColor', () => {
  it('colours a terminal', () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
  });

  it('never colours a pipe or a file', () => {
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
  });

  it('honours NO_COLOR on a terminal, even when FORCE_COLOR is set', () => {
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor({ isTTY: false }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('ignores an empty NO_COLOR, as no-color.org says', () => {
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });

  it('colours a pipe when FORCE_COLOR asks for it, but not FORCE_COLOR=0', () => {
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('does not colour a dumb terminal', () => {
    expect(shouldColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('createPalette', () => {
  it('wraps text in SGR codes when enabled and leaves it alone when not', () => {
    expect(createPalette(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(createPalette(false).red('x')).toBe('x');
    expect(createPalette(false).bold('x')).toBe('x');
  });
});
