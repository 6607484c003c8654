/**
 * The meta-schema of a service definition (`*.service.json` / `.yaml`).
 *
 * It lives in TypeScript so the generator needs no JSON file at run time;
 * `service.schema.json` beside it is a committed copy users can point
 * `$schema` at (a test keeps the two equal).
 */

export const SERVICE_SCHEMA_ID = 'https://typewire.dev/schemas/service.schema.json';

/** Lower camelCase names for methods, events, subscriptions and queues. */
export const MEMBER_NAME_PATTERN = '^[a-z][a-zA-Z0-9]*$';
export const SERVICE_NAME_PATTERN = '^[a-z][a-zA-Z0-9-]*$';
export const ERROR_CODE_PATTERN = '^[A-Z][A-Z0-9_]*$';
export const VERSION_PATTERN = '^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';
/** A concrete topic: `.`-separated segments, no wildcards. */
export const TOPIC_PATTERN = '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$';
/** A topic pattern: a segment may also be `*` (exactly one segment) or `#` (zero or more). */
export const TOPIC_WILDCARD_PATTERN = '^([A-Za-z0-9_-]+|\\*|#)(\\.([A-Za-z0-9_-]+|\\*|#))*$';

/** Method names generated clients use for their own members. */
export const RESERVED_METHOD_NAMES = ['close', 'constructor', 'events', 'queues', 'subscriptions', 'then'] as const;

/** The values the model uses when a key is left out. */
export const SERVICE_DEFAULTS = {
  timeoutMs: 30_000,
  retryable: false,
  durable: true,
  overflow: 'reject',
  maxRetries: 3,
  retryDelayMs: 1_000,
  priorities: 1,
} as const;

const schemaSlot = (what: string) => ({
  $ref: '#/$defs/schema',
  description: what,
});

const names = (what: string, pattern = MEMBER_NAME_PATTERN) => ({
  type: 'object',
  description: `${what} by name.`,
  propertyNames: { pattern },
});

export const SERVICE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SERVICE_SCHEMA_ID,
  title: 'typewire service definition',
  description: 'Methods (request/reply), events (publish/subscribe), subscriptions and durable queues of one service.',
  type: 'object',
  required: ['service', 'version'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'This meta-schema, for editors.' },
    service: { type: 'string', pattern: SERVICE_NAME_PATTERN, description: 'The service name, e.g. "orders".' },
    version: { type: 'string', pattern: VERSION_PATTERN, description: 'The service version, e.g. "1.0.0".' },
    description: { type: 'string' },
    methods: {
      ...names('Request/reply methods'),
      propertyNames: { pattern: MEMBER_NAME_PATTERN, not: { enum: [...RESERVED_METHOD_NAMES] } },
      additionalProperties: { $ref: '#/$defs/method' },
    },
    events: { ...names('Events this service publishes'), additionalProperties: { $ref: '#/$defs/event' } },
    subscriptions: { ...names('Topic patterns this service listens to'), additionalProperties: { $ref: '#/$defs/subscription' } },
    queues: { ...names('Durable work queues'), additionalProperties: { $ref: '#/$defs/queue' } },
  },
  $defs: {
    schema: {
      type: 'object',
      description: 'A JSON Schema (draft 2020-12 unless it declares "$schema"), or {"$ref": "../messages/x.json"}.',
    },
    method: {
      type: 'object',
      required: ['request', 'response'],
      additionalProperties: false,
      properties: {
        description: { type: 'string' },
        request: schemaSlot('The request message.'),
        response: schemaSlot('The response message.'),
        errors: {
          ...names('Errors the method may raise, by code', ERROR_CODE_PATTERN),
          additionalProperties: { $ref: '#/$defs/error' },
        },
        timeoutMs: { type: 'integer', exclusiveMinimum: 0, default: SERVICE_DEFAULTS.timeoutMs },
      },
    },
    error: {
      type: 'object',
      additionalProperties: false,
      properties: {
        description: { type: 'string' },
        details: schemaSlot('The structured details the error carries.'),
        retryable: { type: 'boolean', default: SERVICE_DEFAULTS.retryable },
      },
    },
    event: {
      type: 'object',
      required: ['topic', 'payload'],
      additionalProperties: false,
      properties: {
        topic: { type: 'string', pattern: TOPIC_PATTERN, description: 'A concrete topic, e.g. "order.placed".' },
        payload: schemaSlot('The event payload.'),
        description: { type: 'string' },
      },
    },
    subscription: {
      type: 'object',
      required: ['pattern'],
      additionalProperties: false,
      properties: {
        pattern: { type: 'string', pattern: TOPIC_WILDCARD_PATTERN, description: '"*" matches one segment, "#" zero or more.' },
        description: { type: 'string' },
      },
    },
    queue: {
      type: 'object',
      required: ['message'],
      additionalProperties: false,
      properties: {
        message: schemaSlot('The message the queue carries.'),
        description: { type: 'string' },
        durable: { type: 'boolean', default: SERVICE_DEFAULTS.durable },
        maxLength: { type: 'integer', exclusiveMinimum: 0 },
        overflow: { enum: ['reject', 'drop-oldest'], default: SERVICE_DEFAULTS.overflow },
        ttlMs: { type: 'integer', exclusiveMinimum: 0 },
        maxRetries: { type: 'integer', minimum: 0, default: SERVICE_DEFAULTS.maxRetries },
        retryDelayMs: { type: 'integer', minimum: 0, default: SERVICE_DEFAULTS.retryDelayMs },
        deadLetter: { type: 'string', pattern: MEMBER_NAME_PATTERN, description: 'Another queue of this service.' },
        priorities: { type: 'integer', minimum: 1, maximum: 10, default: SERVICE_DEFAULTS.priorities },
        producers: { $ref: '#/$defs/names', description: 'Who enqueues (documentation and permissions).' },
        consumers: { $ref: '#/$defs/names', description: 'Who dequeues (documentation and permissions).' },
      },
    },
    names: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      default: [],
    },
  },
} as const;
