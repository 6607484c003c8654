/**
 * The runtime: one bus, the services served on it, the clients that call
 * them, and the links that join it to other runtimes. Generated clients and
 * service definitions are thin typed views over these calls.
 */
import { Bus } from './bus/bus.js';
import type { BusStats, Subscription } from './bus/types.js';
import type { CodecName } from './codec/codec.js';
import type { EventDescriptor, MessageDescriptor, MethodDescriptor, QueueDescriptor, SubscriptionDescriptor } from './descriptors.js';
import { createEnvelope } from './envelope.js';
import { TypewireError } from './errors/typewire-error.js';
import { Interest } from './internal/interest.js';
import { markOutbound, readPayload } from './internal/read-payload.js';
import type { InternalEnvelope } from './internal/envelope-meta.js';
import type { HandlingProbe, RuntimeObserver } from './internal/observer.js';
import type { Logger } from './observability/logging/create-logger.js';
import type { RuntimeMetrics } from './observability/metrics/runtime-metrics.js';
import type { TracingOptions } from './observability/wiring/runtime-observer.js';
import type { DurableQueueStore } from './queue/hosted-queue.js';
import { QueueHost } from './queue/queue-host.js';
import { Requester } from './rpc/requester.js';
import { hostService } from './rpc/service-host.js';
import type { CallOptions, EventHandler, PublishOptions, QueueClient, ServiceDefinition, ServiceHandle } from './rpc/types.js';
import type { RouteTable, ServiceDescriptor } from './descriptors.js';
import { Link, SEND_FAILED, type InterestRelay } from './transport/link.js';
import type { Transport } from './transport/transport.js';

/**
 * How a runtime uses the links it has (docs/protocol.md, "Transport modes"):
 * - `local`: the bus only; connecting a transport is refused.
 * - `hybrid` (default): local subscribers receive locally; a link carries
 *   only what its peer subscribed to.
 * - `remote`: every local publish also goes to the peer (the client link
 *   forwards everything), so the server sees and routes all traffic. A
 *   runtime in this mode should host no service that others also host.
 */
export type TransportMode = 'local' | 'remote' | 'hybrid';

export interface RuntimeOptions {
  /** Written into every envelope's `source`. Default `typewire`. */
  readonly source?: string;
  /** Codec for payloads that cross a transport. Default `msgpack`. */
  readonly codec?: CodecName;
  /**
   * Validate what this runtime sends (requests, replies, events, queue
   * messages) before it leaves. Default: on unless NODE_ENV is `production`.
   * Inbound messages are always validated before a handler sees them.
   */
  readonly validateOutbound?: boolean;
  /**
   * Give an error that comes back from a call the stack of the code that made
   * the call (rather than of the reply handler). Costs a stack capture per
   * call. Default: on unless NODE_ENV is `production`.
   */
  readonly callerStacks?: boolean;
  /** Largest frame accepted from a transport. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Receives errors that have no caller to go to (a failing event handler). Default: console.error. */
  readonly onError?: (error: unknown, context: string) => void;
  /**
   * The route table the code was generated with (`routes` from generated/routes.ts).
   * Network handshakes send the fingerprints of its messages so that two sides
   * built from different schemas refuse each other with the names that differ.
   */
  readonly routes?: RouteTable;
  /** Default `hybrid`. */
  readonly mode?: TransportMode;
  /**
   * Where the runtime records its metrics (docs/observability.md): messages and
   * bytes over links, handler and call latency, errors by code, queue depth,
   * connections. Give each runtime its own. Default: none, and nothing is measured.
   */
  readonly metrics?: RuntimeMetrics;
  /**
   * Carry W3C trace context in every envelope and run each handler inside its
   * message's trace (AsyncLocalStorage), so log lines written there carry the
   * trace id. `true` is `{}`. Default false: Node 20's AsyncLocalStorage costs
   * every promise in the process something once it is used (see the benchmark).
   */
  readonly tracing?: boolean | TracingOptions;
  /**
   * A pino logger (createLogger's, or any pino logger: it is given the trace
   * fields). Errors with no caller go to it, unless `onError` is set. Read it
   * back as `runtime.logger` to write lines that carry the trace id.
   */
  readonly logger?: Logger;
  /**
   * Where queues declared `durable: true` live: a `QueueStore` (from
   * `openDatabase` + `new QueueStore(db)`, docs/queues.md). A send to such a
   * queue is acknowledged after the commit; consumers lease from the store, so
   * runtimes on one database share the queue. The other queues stay in
   * memory. The runtime does not close the store: close it after the runtime.
   * Default: none, every queue in memory.
   */
  readonly queueStore?: DurableQueueStore;
}

/**
 * @internal What the main (Node) entry passes to createRuntime to turn the
 * options above into an observer and a trace-aware logger. The browser entry
 * passes none: tracing needs Node's AsyncLocalStorage.
 */
export type ObservabilityFactory = (options: RuntimeOptions) => {
  readonly observer: RuntimeObserver | undefined;
  readonly logger: Logger | undefined;
};

export interface ConnectOptions {
  /** Send every local publish to the peer, not only what it subscribed to. Default: true in `remote` mode. */
  readonly forwardAll?: boolean;
  /** Codec for payloads sent on this link. Default: the runtime's. */
  readonly codec?: CodecName;
  /** Told about the peer's subscriptions (a server passing them on to its other clients). */
  readonly relay?: InterestRelay;
  /** Track requests from the peer until answered (a server that drains). */
  readonly trackRequests?: boolean;
  /** Receives this link's errors instead of the runtime's onError. */
  readonly onError?: (error: TypewireError, context: string) => void;
}

export interface Runtime {
  readonly source: string;
  readonly bus: Bus;
  readonly mode: TransportMode;
  /** The codec links use for payloads unless told otherwise. */
  readonly codec: CodecName;
  /** The route table given at creation (empty when none). */
  readonly routes: RouteTable;
  /** The metrics given at creation; network servers and clients count their connections here. */
  readonly metrics: RuntimeMetrics | undefined;
  /** The logger given at creation, stamping each line written inside a handler with the trace (when tracing is on). */
  readonly logger: Logger | undefined;
  /** True from the moment `close()` is called: a readiness check answers "not ready" then. */
  readonly closed: boolean;
  call<Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options?: CallOptions): Promise<Res>;
  publish<T>(event: EventDescriptor<T>, payload: T, options?: PublishOptions): Promise<void>;
  /** Receives a service's event, or every event a subscription pattern matches, validated. */
  subscribe<T>(source: EventDescriptor<T> | SubscriptionDescriptor<T>, handler: EventHandler<T>): Subscription;
  serve<S extends ServiceDescriptor>(definition: ServiceDefinition<S>): ServiceHandle;
  queue<T>(queue: QueueDescriptor<T>): QueueClient<T>;
  /** Joins this runtime to a peer over a transport; resolves once the peer's subscriptions are known. */
  connect(transport: Transport, options?: ConnectOptions): Promise<Link>;
  /** As connect, without waiting for the peer's subscriptions (a server attaching a session). */
  attach(transport: Transport, options?: ConnectOptions): Link;
  /** Resolves once every connected peer has handled what this runtime sent so far (subscriptions included). */
  flush(): Promise<void>;
  stats(): BusStats;
  /** Closes services, links and pending calls; in-flight handlers finish first. */
  close(): Promise<void>;
}

/** What every successful publish returns: one settled promise, shared, rather than a new one per message. */
const PUBLISHED: Promise<void> = Promise.resolve();

/** NODE_ENV, read where it exists: browsers have no `process`. */
function isProduction(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['NODE_ENV'] === 'production';
}

/**
 * Creates a runtime. `observe` is internal: the main entry (`typewire`) passes
 * the Node observability wiring; without it (`typewire/browser`) the options
 * `metrics` and `tracing` are refused with VALIDATION_BAD_ARGUMENT.
 */
export function createRuntime(options: RuntimeOptions = {}, observe?: ObservabilityFactory): Runtime {
  return new RuntimeImpl(options, observe);
}

function withoutObservability(options: RuntimeOptions): ReturnType<ObservabilityFactory> {
  if (options.metrics !== undefined || (options.tracing !== undefined && options.tracing !== false)) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', "metrics and tracing need Node: create the runtime with createRuntime from 'typewire' (not 'typewire/browser')", {
      details: { metrics: options.metrics !== undefined, tracing: options.tracing },
    });
  }
  return { observer: undefined, logger: options.logger };
}

class RuntimeImpl implements Runtime {
  readonly source: string;
  readonly bus: Bus;
  readonly mode: TransportMode;
  readonly routes: RouteTable;
  readonly metrics: RuntimeMetrics | undefined;
  readonly logger: Logger | undefined;
  private readonly observer: RuntimeObserver | undefined;
  private readonly interest = new Interest();
  private readonly requester: Requester;
  private readonly queues: QueueHost;
  private readonly services = new Set<ServiceHandle>();
  private readonly links = new Set<Link>();
  private readonly validateOutbound: boolean;
  readonly codec: CodecName;
  private readonly maxFrameBytes: number;
  private readonly onError: (error: unknown, context: string) => void;
  private isClosed = false;

  constructor(options: RuntimeOptions, observe: ObservabilityFactory | undefined) {
    this.source = options.source ?? 'typewire';
    this.mode = options.mode ?? 'hybrid';
    this.routes = options.routes ?? [];
    if (!['local', 'remote', 'hybrid'].includes(this.mode)) {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', `mode must be local, remote or hybrid, got ${String(this.mode)}`);
    }
    this.codec = options.codec ?? 'msgpack';
    this.validateOutbound = options.validateOutbound ?? !isProduction();
    this.maxFrameBytes = options.maxFrameBytes ?? 16 * 1024 * 1024;
    const wired = observe === undefined ? withoutObservability(options) : observe(options);
    this.observer = wired.observer;
    this.logger = wired.logger;
    this.metrics = options.metrics;
    const logger = this.logger;
    this.onError =
      options.onError ??
      (logger === undefined ? (error, context) => console.error(`typewire: ${context}:`, error) : (error, context) => logger.error({ err: error }, `typewire: ${context}`));
    this.bus = new Bus({ onHandlerError: (error, envelope) => this.onError(error, `handler for ${envelope.type} failed`) });
    this.requester = new Requester(this.bus, this.interest, {
      source: this.source,
      validateOutbound: this.validateOutbound,
      callerStacks: options.callerStacks ?? !isProduction(),
      ...(this.observer ? { observer: this.observer } : {}),
    });
    this.queues = new QueueHost({
      bus: this.bus,
      interest: this.interest,
      source: this.source,
      validateOutbound: this.validateOutbound,
      call: (method, request, opts, fields) => this.requester.call(method, request, opts, fields),
      onError: this.onError,
      ...(this.observer ? { observer: this.observer } : {}),
      ...(options.queueStore ? { store: options.queueStore } : {}),
    });
    // Read when Prometheus scrapes, not on every enqueue and ack.
    this.metrics?.setQueueSource(() => this.queues.stats());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  call<Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options?: CallOptions): Promise<Res> {
    // A link that refuses everything (disconnected, buffer full) refuses the call now rather than at its timeout.
    for (const link of this.links) {
      if (link.backlogFull) {
        return Promise.reject(new TypewireError('TRANSPORT_BUFFER_FULL', `cannot send ${method.subject}: the outbound buffer of a disconnected link is full`));
      }
    }
    return this.requester.call(method, request, options);
  }

  publish<T>(event: EventDescriptor<T>, payload: T, options: PublishOptions = {}): Promise<void> {
    try {
      this.assertOpen();
      const envelope: InternalEnvelope<T> = createEnvelope(event.topic, payload, {
        source: this.source,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.priority !== undefined ? { priority: options.priority } : {}),
        ...(options.ttlMs !== undefined ? { expiresAt: Date.now() + options.ttlMs } : {}),
      });
      markOutbound(envelope, event.payload, this.validateOutbound);
      const observer = this.observer;
      if (observer === undefined) this.bus.publish(envelope);
      else {
        observer.stamp(envelope);
        if (this.bus.publish(envelope) === 0) observer.dropped(envelope.type);
      }
      const failed = (envelope as { [SEND_FAILED]?: TypewireError })[SEND_FAILED];
      if (failed) {
        delete (envelope as { [SEND_FAILED]?: TypewireError })[SEND_FAILED];
        return Promise.reject(failed);
      }
      return PUBLISHED;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  subscribe<T>(source: EventDescriptor<T> | SubscriptionDescriptor<T>, handler: EventHandler<T>): Subscription {
    this.assertOpen();
    const byTopic = new Map<string, MessageDescriptor<T>>(
      'pattern' in source ? source.events.map((e) => [e.topic, e.payload] as const) : [[source.topic, source.payload]],
    );
    const pattern = 'pattern' in source ? source.pattern : source.topic;
    const deliver = (envelope: InternalEnvelope, descriptor: MessageDescriptor<T>, probe?: HandlingProbe): void | Promise<void> => {
      let payload: T;
      try {
        payload = readPayload(envelope, descriptor);
      } catch (error) {
        probe?.failed(error);
        this.onError(error, `event ${envelope.type} rejected`);
        return;
      }
      return handler(payload, envelope as InternalEnvelope<T>);
    };
    const observer = this.observer;
    const subscription = this.bus.subscribe(pattern, (envelope: InternalEnvelope) => {
      const descriptor = byTopic.get(envelope.type);
      if (!descriptor) return;
      return observer === undefined ? deliver(envelope, descriptor) : observer.handle(envelope, envelope.type, 'consumer', (probe) => deliver(envelope, descriptor, probe));
    });
    const entry = this.interest.add(pattern);
    const unsubscribe = subscription.unsubscribe.bind(subscription);
    return Object.assign(subscription, {
      unsubscribe: () => {
        unsubscribe();
        this.interest.remove(entry);
      },
    });
  }

  serve<S extends ServiceDescriptor>(definition: ServiceDefinition<S>): ServiceHandle {
    this.assertOpen();
    const handle = hostService(definition, {
      bus: this.bus,
      interest: this.interest,
      source: this.source,
      validateOutbound: this.validateOutbound,
      publish: (event, payload, opts) => this.publish(event, payload, opts),
      onError: this.onError,
      ...(this.observer ? { observer: this.observer } : {}),
    });
    for (const queue of Object.values(definition.descriptor.queues)) this.queues.host(queue, definition.descriptor);
    this.services.add(handle);
    return {
      name: handle.name,
      close: async () => {
        this.services.delete(handle);
        await handle.close();
      },
    };
  }

  queue<T>(queue: QueueDescriptor<T>): QueueClient<T> {
    return this.queues.client(queue);
  }

  async connect(transport: Transport, options: ConnectOptions = {}): Promise<Link> {
    const link = this.attach(transport, options);
    await link.ready;
    return link;
  }

  attach(transport: Transport, options: ConnectOptions = {}): Link {
    this.assertOpen();
    if (this.mode === 'local') {
      throw new TypewireError('VALIDATION_BAD_ARGUMENT', 'this runtime is in local mode: create it with mode hybrid or remote to connect it');
    }
    const link = new Link(this.bus, transport, this.interest, {
      codec: options.codec ?? this.codec,
      forwardAll: options.forwardAll ?? this.mode === 'remote',
      maxFrameBytes: this.maxFrameBytes,
      source: this.source,
      onError: options.onError ?? ((error, context) => this.onError(error, context)),
      onClosed: () => this.links.delete(link),
      ...(options.relay ? { relay: options.relay } : {}),
      ...(options.trackRequests ? { trackRequests: true } : {}),
      ...(this.metrics ? { traffic: this.metrics } : {}),
    });
    if (!link.closed) this.links.add(link);
    return link;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.links].map((link) => link.flush()));
  }

  stats(): BusStats {
    return this.bus.stats();
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.requester.close();
    await Promise.allSettled([...this.services].map((s) => s.close()));
    await this.queues.close();
    for (const link of this.links) link.close();
    this.links.clear();
    this.bus.close();
  }

  private assertOpen(): void {
    if (this.isClosed) throw new TypewireError('TRANSPORT_CLOSED', 'runtime is closed');
  }
}
