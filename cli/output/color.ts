/**
 * Terminal colour, decided once per stream. Colour is on only for a terminal,
 * and off whenever NO_COLOR is set to anything non-empty (https://no-color.org),
 * so piped output and CI logs are plain text that tests and tools can match.
 */

export interface Palette {
  readonly enabled: boolean;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** The bits of a stream and environment that decide whether to colour. */
export interface ColorTarget {
  readonly isTTY?: boolean;
}

export function shouldColor(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '' && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const identity = (text: string): string => text;

export function createPalette(enabled: boolean): Palette {
  if (!enabled) {
    return { enabled, red: identity, yellow: identity, green: identity, cyan: identity, dim: identity, bold: identity };
  }
  return {
    enabled,
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
  };
}

export function paletteFor(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): Palette {
  return createPalette(shouldColor(stream, env));
}
