/**
 * typewire's browser entry (`typewire/browser`): what a page needs to run
 * generated clients against a typewire server. Nothing reachable from here
 * imports a Node built-in (test/browser/ bundles it for the browser platform,
 * which fails on any). Servers, TCP, queues and observability are Node-only
 * and live in the main entry.
 */
export { createRuntime } from './runtime.js';
export type { Runtime, RuntimeOptions, TransportMode } from './runtime.js';

export { connectBrowserWs, dialBrowserWs } from './net/ws/browser-ws.js';
export type { BrowserWsClientOptions, BrowserWebSocket, BrowserWebSocketConstructor } from './net/ws/browser-ws.js';
export { connectClient } from './net/client.js';
export type { ClientOptions, ClientState, NetClient, StateChange } from './net/client.js';
export type { Connection, Dialer } from './net/connection.js';
export { PROTOCOL_VERSION } from './net/hello.js';

export { TypewireError, typewireError, isTypewireError } from './errors/typewire-error.js';
export type { WireError, TypewireErrorOptions } from './errors/typewire-error.js';
export { ERROR_CODES, isErrorCode } from './errors/codes.js';
export type { ErrorCode, ErrorCategory, ErrorCodeInfo } from './errors/codes.js';
export { isDeclaredError } from './rpc/declared-error.js';

export type { Envelope } from './envelope.js';
export type {
  CallOptions,
  PublishOptions,
  EventClient,
  EventHandler,
  ServiceClient,
  DeclaredError,
  MethodErrorOf,
  RequestOf,
  ResponseOf,
  PayloadOf,
} from './rpc/types.js';
