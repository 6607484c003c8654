/**
 * typewire's public entry. Every name is listed explicitly: what is not here
 * is internal, and the package `exports` map makes deep imports fail.
 */
export { createRuntime } from './node-runtime.js';
export type { Runtime, RuntimeOptions, ConnectOptions, TransportMode } from './runtime.js';

export { TypewireError, typewireError, isTypewireError } from './errors/typewire-error.js';
export type { WireError, TypewireErrorOptions } from './errors/typewire-error.js';
export { ERROR_CODES, isErrorCode } from './errors/codes.js';
export type { ErrorCode, ErrorCategory, ErrorCodeInfo } from './errors/codes.js';

export { createEnvelope, nextId } from './envelope.js';
export type { Envelope } from './envelope.js';

export { Bus } from './bus/bus.js';
export type { BusOptions, HandlerErrorReporter, RemoteDirection } from './bus/bus.js';
export type { BusStats, Subscription, SubscribeOptions, EnvelopeHandler } from './bus/types.js';
export { assertTopic, assertPattern, isTopic, isPattern, topicMatches } from './bus/topic.js';
export type { BadTopicDetails, BadTopicReason } from './bus/topic.js';

export { createInProcessPair } from './transport/in-process.js';
export type { InProcessOptions } from './transport/in-process.js';
export type { Transport } from './transport/transport.js';
export type { Link } from './transport/link.js';

export { createServer, connect } from './net/tcp/tcp.js';
export type { TcpServerOptions, TcpClientOptions } from './net/tcp/tcp.js';
export { createWsServer, connectWs } from './net/ws/ws.js';
export type { WsServerOptions, WsClientOptions } from './net/ws/ws.js';
export { DEFAULT_WS_PORT, DEFAULT_WS_PATH } from './net/ws/ws-limits.js';
export { jwtVerifier } from './net/auth/jwt-verifier.js';
export type { JwtVerifierOptions } from './net/auth/jwt-verifier.js';
export { startServer } from './net/server.js';
export type { BroadcastOptions, CloseOptions, NetServer, ServerGroups, ServerOptions } from './net/server.js';
export { connectClient } from './net/client.js';
export type { ClientOptions, ClientState, NetClient, StateChange } from './net/client.js';
export type { Connection, Dialer, Listener, ListenerAddress } from './net/connection.js';
export type { AuthRequest, AuthResult, AuthVerifier } from './net/handshake.js';
export type { Session, SessionStats } from './net/session.js';
export { PROTOCOL_VERSION } from './net/hello.js';
export { DEFAULT_TCP_PORT } from './net/tcp/tcp-listener.js';

export { assertValid, toValidationIssues } from './validation/assert-valid.js';
export type { ValidationIssue, ValidationDirection } from './validation/assert-valid.js';

export { isDeclaredError } from './rpc/declared-error.js';
export type {
  CallOptions,
  PublishOptions,
  SendOptions,
  SendResult,
  ConsumeOptions,
  EventClient,
  EventHandler,
  QueueClient,
  QueueConsumer,
  QueueHandler,
  QueueMessageContext,
  ServiceClient,
  ServiceDefinition,
  ServiceHandle,
  ServiceHandlers,
  MethodContext,
  MethodHandler,
  SubscriptionContext,
  DeclaredError,
  MethodErrorOf,
  RequestOf,
  ResponseOf,
  PayloadOf,
} from './rpc/types.js';

export type { DurableQueueStore } from './queue/hosted-queue.js';

// The message store (docs/queues.md). pg and PGlite load inside openDatabase, not with this module.
export { openDatabase } from './store/open-database.js';
export type { DatabaseOptions } from './store/open-database.js';
export type { SqlDatabase, SqlExecutor, SqlResult, SqlBackend } from './store/sql-database.js';
export { QueueStore, readQueueEnvelope } from './store/queue/index.js';
export type {
  ConsumeOptions as QueueStoreConsumeOptions,
  DeadLetter,
  DeadLetterCause,
  DeadLetterPage,
  DeadLetterPageOptions,
  DeadLetterReason,
  DeliveryContext,
  DeliveryHandler,
  DequeueOptions,
  DroppedMessage,
  EnqueueAck,
  EnqueueOptions,
  EnqueueOutcome,
  FlushInfo,
  LeasedMessage,
  NackOptions,
  NackOutcome,
  QueueConsumerHandle,
  QueueStats,
  QueueStoreOptions,
  ReplayOptions,
  ReplayResult,
} from './store/queue/index.js';
export { createEventLog, appendInTransaction, readLogPayload } from './store/log/index.js';
export type {
  AppendOptions,
  AppendBatchInfo,
  EventLog,
  EventLogOptions,
  EventLogStats,
  LogBounds,
  LogEntry,
  LogGap,
  LogHandler,
  LogReadOptions,
  LogReadResult,
  LogStartPosition,
  LogSubscribeOptions,
  LogSubscription,
  RetentionPolicy,
  RetentionResult,
} from './store/log/index.js';

export type { Codec, CodecName } from './codec/codec.js';
export { defineMessage } from './codec/define-message.js';
export { encodeEnvelope, decodeEnvelope, FRAME_VERSION } from './codec/envelope-frame.js';
export type { DecodedFrame } from './codec/envelope-frame.js';
export { encodeUntyped, decodeUntyped } from './codec/untyped-codec.js';
export { configureCodecLimits, getCodecLimits } from './codec/limits.js';
export type { DecodeLimits } from './codec/limits.js';

export { ValueContainer } from './container/value-container.js';
export type { ContainerHeaderInit } from './container/value-container.js';
export { DEFAULT_MAX_DEPTH } from './container/container-wire.js';
export type { ContainerHeader, ContainerLimits } from './container/container-wire.js';
export { Value, VALUE_KINDS, isValueKind } from './container/value.js';
export type { ValueKind, ValueTypes } from './container/value.js';
export type {
  MessageDescriptor,
  MessageType,
  ServiceDescriptor,
  MethodDescriptor,
  EventDescriptor,
  SubscriptionDescriptor,
  QueueDescriptor,
  ErrorSpec,
  Route,
  RouteTable,
  RouteKind,
} from './descriptors.js';
