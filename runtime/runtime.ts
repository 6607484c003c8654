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
import { QueueHost } from './queue/queue-host.js';
import { Requester } from './rpc/requester.js';
import { hostService } from './rpc/service-host.js';
import type { CallOptions, EventHandler, PublishOptions, QueueClient, ServiceDefinition, ServiceHandle } from './rpc/types.js';
import type { ServiceDescriptor } from './descriptors.js';
import { Link } from './transport/link.js';
import type { Transport } from './transport/transport.js';

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
  /** Largest frame accepted from a transport. Default 16 MiB. */
  readonly maxFrameBytes?: number;
  /** Receives errors that have no caller to go to (a failing event handler). Default: console.error. */
  readonly onError?: (error: unknown, context: string) => void;
}

export interface ConnectOptions {
  /** Send every local publish to the peer, not only what it subscribed to. */
  readonly forwardAll?: boolean;
}

export interface Runtime {
  readonly source: string;
  readonly bus: Bus;
  call<Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options?: CallOptions): Promise<Res>;
  publish<T>(event: EventDescriptor<T>, payload: T, options?: PublishOptions): Promise<void>;
  /** Receives a service's event, or every event a subscription pattern matches, validated. */
  subscribe<T>(source: EventDescriptor<T> | SubscriptionDescriptor<T>, handler: EventHandler<T>): Subscription;
  serve<S extends ServiceDescriptor>(definition: ServiceDefinition<S>): ServiceHandle;
  queue<T>(queue: QueueDescriptor<T>): QueueClient<T>;
  /** Joins this runtime to a peer over a transport; resolves once the peer's subscriptions are known. */
  connect(transport: Transport, options?: ConnectOptions): Promise<Link>;
  /** Resolves once every connected peer has handled what this runtime sent so far (subscriptions included). */
  flush(): Promise<void>;
  stats(): BusStats;
  /** Closes services, links and pending calls; in-flight handlers finish first. */
  close(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new RuntimeImpl(options);
}

class RuntimeImpl implements Runtime {
  readonly source: string;
  readonly bus: Bus;
  private readonly interest = new Interest();
  private readonly requester: Requester;
  private readonly queues: QueueHost;
  private readonly services = new Set<ServiceHandle>();
  private readonly links = new Set<Link>();
  private readonly validateOutbound: boolean;
  private readonly codec: CodecName;
  private readonly maxFrameBytes: number;
  private readonly onError: (error: unknown, context: string) => void;
  private closed = false;

  constructor(options: RuntimeOptions) {
    this.source = options.source ?? 'typewire';
    this.codec = options.codec ?? 'msgpack';
    this.validateOutbound = options.validateOutbound ?? process.env['NODE_ENV'] !== 'production';
    this.maxFrameBytes = options.maxFrameBytes ?? 16 * 1024 * 1024;
    this.onError = options.onError ?? ((error, context) => console.error(`typewire: ${context}:`, error));
    this.bus = new Bus({ onHandlerError: (error, envelope) => this.onError(error, `handler for ${envelope.type} failed`) });
    this.requester = new Requester(this.bus, this.interest, { source: this.source, validateOutbound: this.validateOutbound });
    this.queues = new QueueHost({
      bus: this.bus,
      interest: this.interest,
      source: this.source,
      validateOutbound: this.validateOutbound,
      call: (method, request, opts, fields) => this.requester.call(method, request, opts, fields),
      onError: this.onError,
    });
  }

  call<Req, Res>(method: MethodDescriptor<Req, Res>, request: Req, options?: CallOptions): Promise<Res> {
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
      this.bus.publish(envelope);
      return Promise.resolve();
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
    const subscription = this.bus.subscribe(pattern, (envelope: InternalEnvelope) => {
      const descriptor = byTopic.get(envelope.type);
      if (!descriptor) return;
      let payload: T;
      try {
        payload = readPayload(envelope, descriptor);
      } catch (error) {
        this.onError(error, `event ${envelope.type} rejected`);
        return;
      }
      return handler(payload, envelope as InternalEnvelope<T>);
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
    this.assertOpen();
    const link = new Link(this.bus, transport, this.interest, {
      codec: this.codec,
      forwardAll: options.forwardAll ?? false,
      maxFrameBytes: this.maxFrameBytes,
      onError: (error, context) => this.onError(error, context),
      onClosed: () => this.links.delete(link),
    });
    this.links.add(link);
    await link.ready;
    return link;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.links].map((link) => link.flush()));
  }

  stats(): BusStats {
    return this.bus.stats();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.requester.close();
    await Promise.allSettled([...this.services].map((s) => s.close()));
    await this.queues.close();
    for (const link of this.links) link.close();
    this.links.clear();
    this.bus.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new TypewireError('TRANSPORT_CLOSED', 'runtime is closed');
  }
}
