/**
 * What the binary and JSON forms of a container share: the header shape,
 * the limits, and the bookkeeping a decoder needs (depth, error paths).
 */
import { typewireError } from '../errors/typewire-error.js';
import type { Value } from './value.js';
import type { ValueContainer } from './value-container.js';

export interface ContainerHeader {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
}

export interface ContainerLimits {
  /** Largest input accepted, in bytes (JSON: UTF-16 code units). Default: the codec limit, 16 MiB. */
  readonly maxBytes?: number;
  /** Deepest nesting of containers and arrays, counting the top container as 1. Default 64. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 64;

/** How a decoder creates containers from values it has already checked. */
export type BuildContainer = (header: ContainerHeader, entries: ReadonlyArray<readonly [string, Value]>) => ValueContainer;

/** The format's name in messages: `binary` or `json`. */
export type ContainerFormat = 'binary' | 'json';

export function decodeFailed(format: ContainerFormat, where: string, message: string): Error {
  return typewireError('SERIALIZATION_DECODE_FAILED', `container (${format}) ${where}: ${message}`, { details: { codec: 'container', format, where } });
}

export function tooDeep(format: ContainerFormat, where: string, maxDepth: number, encoding: boolean): Error {
  const hint = encoding ? ' (or it contains itself)' : '';
  return typewireError('SERIALIZATION_TOO_LARGE', `container (${format}) ${where}: nested deeper than ${maxDepth} levels${hint}`, {
    details: { codec: 'container', format, where, maxDepth },
  });
}

export function maxDepthOf(limits: ContainerLimits | undefined): number {
  return limits?.maxDepth ?? DEFAULT_MAX_DEPTH;
}

export const HEADER_FIELDS = ['id', 'type', 'source', 'target'] as const;

/** Checks a decoded header; `read` gives each field's raw value. */
export function headerFrom(format: ContainerFormat, where: string, read: (field: (typeof HEADER_FIELDS)[number]) => unknown): ContainerHeader {
  const out: Record<string, string> = {};
  for (const field of HEADER_FIELDS) {
    const value = read(field);
    if (typeof value !== 'string') throw decodeFailed(format, where, `header field "${field}" must be a string, got ${value === null ? 'null' : typeof value}`);
    out[field] = value;
  }
  return out as unknown as ContainerHeader;
}

/** `["a"][2]["b"]`: where a value sits, for error messages. */
export function childPath(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : `${parent}[${JSON.stringify(key)}]`;
}
