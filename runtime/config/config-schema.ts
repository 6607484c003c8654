/**
 * The schema of `typewire.yaml`, and the TypeScript shape a validated file
 * has. The two are written side by side so a reviewer sees both at once; a
 * test compares docs/config.md with the leaves of this schema, so a setting
 * is never added, dropped or re-classified (hot or restart) without the page
 * saying so.
 */
import type { CodecName } from '../codec/codec.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type QueueStoreKind = 'memory' | 'pglite' | 'postgres';

export interface RuntimeSettings {
  readonly source: string;
  readonly codec: CodecName;
  /** Absent: the runtime decides (on unless NODE_ENV is `production`). */
  readonly validateOutbound?: boolean;
}

export interface LogFileSettings {
  readonly path: string;
  readonly maxBytes: number;
  readonly maxFiles: number;
}

export interface LoggingSettings {
  readonly level: LogLevel;
  /** Absent: pretty when NODE_ENV is `development`. */
  readonly pretty?: boolean;
  readonly file?: LogFileSettings;
}

export interface MetricsSettings {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

export interface ServerSettings {
  readonly port: number;
  readonly host: string;
  readonly maxConnections: number;
  readonly maxFrameBytes: number;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
}

export interface ServiceEntry {
  readonly name: string;
  /** A module path, relative to the config file's folder, whose exports include the service definition. */
  readonly module: string;
}

export interface QueueSettings {
  readonly store: QueueStoreKind;
  /** postgres: a connection string (required); pglite: a data directory (absent: in memory). */
  readonly url?: string;
}

/** A validated configuration with every default filled in. */
export interface TypewireConfig {
  readonly runtime: RuntimeSettings;
  readonly logging: LoggingSettings;
  readonly metrics: MetricsSettings;
  readonly server: ServerSettings;
  readonly services: ReadonlyArray<ServiceEntry>;
  readonly queues: QueueSettings;
}

const MiB = 1024 * 1024;

const port = (defaultPort: number) => ({ type: 'integer', minimum: 0, maximum: 65535, default: defaultPort }) as const;
const positiveInt = (defaultValue: number, minimum = 1) => ({ type: 'integer', minimum, default: defaultValue }) as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;

/**
 * JSON Schema (draft-07, as ajv's default) of the file. `default`s are applied
 * by the validator, so every section exists after loading even when the file
 * leaves it out; an empty file is a valid configuration.
 */
export const CONFIG_SCHEMA = {
  $id: 'https://typewire.dev/schemas/config.json',
  title: 'typewire configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    runtime: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        source: { ...nonEmpty, default: 'typewire' },
        codec: { enum: ['msgpack', 'json'], default: 'msgpack' },
        validateOutbound: { type: 'boolean' },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
        pretty: { type: 'boolean' },
        file: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: nonEmpty,
            maxBytes: positiveInt(10 * MiB, 1024),
            maxFiles: positiveInt(5),
          },
        },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true },
        host: { ...nonEmpty, default: '127.0.0.1' },
        port: port(9464),
        path: { type: 'string', pattern: '^/[^?#\\s]*$', default: '/metrics' },
      },
    },
    server: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        port: port(7420),
        host: { ...nonEmpty, default: '0.0.0.0' },
        maxConnections: positiveInt(10_000),
        maxFrameBytes: positiveInt(16 * MiB, 1024),
        heartbeatMs: positiveInt(30_000, 100),
        idleTimeoutMs: positiveInt(90_000, 100),
      },
    },
    services: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'module'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
          module: nonEmpty,
        },
      },
    },
    queues: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        store: { enum: ['memory', 'pglite', 'postgres'], default: 'memory' },
        url: nonEmpty,
      },
      // A PostgreSQL store has nowhere to go without a URL.
      if: { properties: { store: { const: 'postgres' } }, required: ['store'] },
      then: { required: ['url'] },
    },
  },
} as const;

/**
 * Settings a running process can take from a reloaded file without a
 * restart, as JSON pointers. A change under any other pointer is reported as
 * needing a restart. Keep this list to what the service host really applies.
 */
export const HOT_RELOADABLE: ReadonlySet<string> = new Set(['/logging/level']);
