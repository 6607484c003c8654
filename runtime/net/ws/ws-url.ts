/**
 * The URL a WebSocket client dials (no Node built-ins: the browser client uses it too).
 */
import { TypewireError } from '../../errors/typewire-error.js';
import { DEFAULT_WS_PATH, DEFAULT_WS_PORT } from './ws-limits.js';

export interface WsTarget {
  /** `ws://host:port/path` or `wss://…`; or give the parts below. */
  readonly url?: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 7421. */
  readonly port?: number;
  /** Default `/typewire`. */
  readonly path?: string;
  /** wss instead of ws. Default false. */
  readonly secure?: boolean;
}

/** Builds `ws://host:port/path` from parts, or checks a given URL's scheme. */
export function wsUrl(options: WsTarget): string {
  if (options.url === undefined) {
    const host = options.host ?? '127.0.0.1';
    const name = host.includes(':') ? `[${host}]` : host;
    return `${options.secure ? 'wss' : 'ws'}://${name}:${options.port ?? DEFAULT_WS_PORT}${options.path ?? DEFAULT_WS_PATH}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch (cause) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `not a URL: ${options.url}`, { cause });
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `expected a ws:// or wss:// URL, got ${options.url}`);
  }
  return options.url;
}
