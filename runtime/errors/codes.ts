/**
 * Every error code typewire raises, registered in one place.
 *
 * A code is `CATEGORY_REASON`; the category says how a caller should react
 * (retry, fix the input, fix the schema). docs/errors.md lists each code and a
 * test keeps that page and this table in step, so a code is never added or
 * dropped silently. Codes are part of the public contract: never rename one.
 */
export type ErrorCategory =
  | 'validation'
  | 'serialization'
  | 'transport'
  | 'timeout'
  | 'persistence'
  | 'auth'
  | 'not_found'
  | 'internal'
  | 'schema'
  | 'config'
  | 'application';

export interface ErrorCodeInfo {
  readonly category: ErrorCategory;
  /** Whether the same operation may succeed if tried again unchanged. */
  readonly retryable: boolean;
  readonly summary: string;
}

export const ERROR_CODES = {
  // validation: the message does not match its schema or the API was misused
  VALIDATION_FAILED: { category: 'validation', retryable: false, summary: 'A message does not match its schema; details.errors lists each schema path.' },
  VALIDATION_BAD_TOPIC: { category: 'validation', retryable: false, summary: 'A topic or topic pattern is malformed (empty segment, misplaced wildcard).' },
  VALIDATION_BAD_ARGUMENT: { category: 'validation', retryable: false, summary: 'An API was called with an argument outside its contract.' },

  // serialization: bytes could not be turned into a message or back
  SERIALIZATION_ENCODE_FAILED: { category: 'serialization', retryable: false, summary: 'A value could not be encoded with the chosen codec.' },
  SERIALIZATION_DECODE_FAILED: { category: 'serialization', retryable: false, summary: 'Bytes could not be decoded (corrupt, truncated or unknown codec).' },
  SERIALIZATION_TOO_LARGE: { category: 'serialization', retryable: false, summary: 'A frame or value exceeds the configured size or depth limit.' },

  // transport: the link between two peers
  TRANSPORT_CLOSED: { category: 'transport', retryable: true, summary: 'The transport or runtime was closed while the operation was pending.' },
  TRANSPORT_NO_RESPONDERS: { category: 'transport', retryable: true, summary: 'Nobody is subscribed to the subject a request was sent to.' },
  TRANSPORT_BUFFER_FULL: { category: 'transport', retryable: true, summary: 'An outbound buffer is full; the message was refused rather than queued without bound.' },
  TRANSPORT_SCHEMA_MISMATCH: { category: 'transport', retryable: false, summary: 'The two sides were generated from different schemas; details.messages names each message that differs.' },
  TRANSPORT_SLOW_CONSUMER: { category: 'transport', retryable: true, summary: 'A peer stopped reading and its outbound buffer passed the limit; it was disconnected.' },
  TRANSPORT_TOO_MANY_CONNECTIONS: { category: 'transport', retryable: true, summary: 'The server is at its connection limit.' },
  TRANSPORT_LISTEN_FAILED: { category: 'transport', retryable: false, summary: 'A server could not listen on its address (port in use, no permission).' },
  TRANSPORT_PROTOCOL: { category: 'transport', retryable: false, summary: 'A peer sent a frame the protocol does not allow.' },

  // timeout
  TIMEOUT_IDLE: { category: 'timeout', retryable: true, summary: 'A connection sent nothing (not even a heartbeat) for longer than the idle timeout.' },
  TIMEOUT_HANDSHAKE: { category: 'timeout', retryable: true, summary: 'A peer did not complete the handshake in time.' },
  TIMEOUT_REQUEST: { category: 'timeout', retryable: true, summary: 'No reply arrived within the request timeout.' },

  // persistence
  PERSISTENCE_QUEUE_FULL: { category: 'persistence', retryable: true, summary: 'A queue is at its max length and its overflow policy is to reject.' },
  PERSISTENCE_UNAVAILABLE: { category: 'persistence', retryable: true, summary: 'The message store could not be reached.' },
  PERSISTENCE_LOCKED: { category: 'persistence', retryable: false, summary: 'A PGlite data folder is open in another process (details.pid); PGlite opens a folder in one process at a time.' },
  PERSISTENCE_FAILED: { category: 'persistence', retryable: false, summary: 'The database refused a statement; details.sqlState carries its SQLSTATE.' },
  PERSISTENCE_LEASE_LOST: { category: 'persistence', retryable: false, summary: 'An ack or nack came after the message lease expired and the message moved on to another delivery.' },
  PERSISTENCE_MESSAGE_EXPIRED: { category: 'persistence', retryable: false, summary: 'A queued message passed its expiry before delivery; it went to the dead-letter queue, or was dropped when the queue has none.' },
  PERSISTENCE_MESSAGE_REJECTED: { category: 'persistence', retryable: false, summary: 'A consumer rejected a queued message: it went to the dead-letter queue without further attempts, or was dropped when the queue has none.' },
  PERSISTENCE_MIGRATION_FAILED: { category: 'persistence', retryable: false, summary: 'A schema migration of the message store failed, or the database is newer than this typewire.' },
  PERSISTENCE_LOG_GAP: { category: 'persistence', retryable: false, summary: 'An event log reader asked for entries retention already deleted; it continued from the earliest retained entry.' },

  // auth
  AUTH_UNAUTHENTICATED: { category: 'auth', retryable: false, summary: 'The credentials given at the handshake were missing or refused.' },
  AUTH_EXPIRED: { category: 'auth', retryable: true, summary: 'The session token expired; reconnect with a fresh one.' },
  AUTH_FORBIDDEN: { category: 'auth', retryable: false, summary: 'The caller is not on the permission list for this operation.' },

  // not found
  NOT_FOUND_METHOD: { category: 'not_found', retryable: false, summary: 'The service has no handler for the requested method.' },
  NOT_FOUND_FILE: { category: 'not_found', retryable: false, summary: 'A file named on the command line does not exist or cannot be read.' },
  NOT_FOUND_MESSAGE_TYPE: { category: 'not_found', retryable: false, summary: 'No message type with this name or subject is known.' },
  NOT_FOUND_QUEUE: { category: 'not_found', retryable: false, summary: 'No queue or dead-letter queue with this name has ever held a message.' },
  NOT_FOUND_DEAD_LETTER: { category: 'not_found', retryable: false, summary: 'The dead-letter queue holds no message with this id.' },
  NOT_FOUND_CONSUMER_GROUP: { category: 'not_found', retryable: false, summary: 'The consumer group has no committed offset (on this topic).' },

  // internal
  INTERNAL_HANDLER_FAILED: { category: 'internal', retryable: false, summary: 'A handler threw something that is not a typewire error.' },
  INTERNAL_UNEXPECTED: { category: 'internal', retryable: false, summary: 'An invariant was broken inside typewire; please report it.' },

  // schema: problems in the user's schema files, raised by the generator
  SCHEMA_PARSE_FAILED: { category: 'schema', retryable: false, summary: 'A schema file is not valid JSON or YAML.' },
  SCHEMA_INVALID: { category: 'schema', retryable: false, summary: 'A schema or service definition breaks the meta-schema (unknown key, wrong type).' },
  SCHEMA_BAD_REF: { category: 'schema', retryable: false, summary: 'A $ref points at a file or JSON pointer that does not exist.' },
  SCHEMA_DUPLICATE_NAME: { category: 'schema', retryable: false, summary: 'Two messages, services, methods, events or queues share a name.' },
  SCHEMA_UNMATCHED_PATTERN: { category: 'schema', retryable: false, summary: 'A subscription pattern matches no declared event.' },
  SCHEMA_UNSUPPORTED_KEYWORD: { category: 'schema', retryable: false, summary: 'A schema uses a JSON Schema keyword the generator does not support.' },
  SCHEMA_NO_INPUT: { category: 'schema', retryable: false, summary: 'The schema folder does not exist or holds no schema files.' },
  SCHEMA_STALE_OUTPUT: { category: 'schema', retryable: false, summary: 'generate --check found generated files that differ from what the schemas produce.' },

  // config
  CONFIG_INVALID: { category: 'config', retryable: false, summary: 'A configuration value or command-line argument is invalid.' },

  // application: raised by a service handler, declared in its method's errors
  APPLICATION_ERROR: { category: 'application', retryable: false, summary: 'Reserved for rebuilding a declared method error whose code is not registered here.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
