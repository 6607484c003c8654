/**
 * What `typewire publish` and `typewire request` do after parsing flags:
 * read the JSON argument with the message's JSON codec (int64 as decimal
 * strings or safe numbers, bytes as base64), validate it (VALIDATION_FAILED
 * with instance and schema paths) before anything connects, then connect
 * over TCP presenting the schema set's fingerprints and send.
 */
import type { MessageDescriptor } from '../../runtime/descriptors.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { connect } from '../../runtime/net/tcp/tcp.js';
import { createRuntime } from '../../runtime/node-runtime.js';
import type { Runtime } from '../../runtime/runtime.js';
import { assertValid } from '../../runtime/validation/assert-valid.js';
import type { SchemaSet } from './schema-set.js';

/** `host:port` or `tcp://host:port` → `{ host, port }`; VALIDATION_BAD_ARGUMENT otherwise. */
export function parseServer(server: string): { host: string; port: number } {
  const match = /^(?:tcp:\/\/)?(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(server);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) throw new TypewireError('VALIDATION_BAD_ARGUMENT', `--server ${server}: expected host:port (or tcp://host:port)`, { details: { server } });
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/** The argument as a valid `descriptor` value; SERIALIZATION_DECODE_FAILED or VALIDATION_FAILED otherwise. */
export function readArgument(text: string, descriptor: MessageDescriptor<unknown>): unknown {
  const value = descriptor.json.decode(new TextEncoder().encode(text));
  assertValid(descriptor, value, 'outbound');
  return value;
}

/** A value as plain JSON the way the runtime's JSON codec writes it: int64 as strings, bytes as base64. */
export function toJson(value: unknown, descriptor: MessageDescriptor<unknown>): unknown {
  return JSON.parse(new TextDecoder().decode(descriptor.json.encode(value)));
}

export interface Connection {
  readonly runtime: Runtime;
  close(): Promise<void>;
}

export async function connectTo(schemas: SchemaSet, server: string, timeoutMs: number): Promise<Connection> {
  const target = parseServer(server);
  // remote mode: every publish goes to the server, whether or not something there subscribed yet.
  const runtime = createRuntime({ source: 'typewire-cli', mode: 'remote', routes: schemas.routes, onError: () => undefined });
  try {
    const client = await connect(runtime, { ...target, reconnect: false, connectTimeoutMs: timeoutMs, handshakeTimeoutMs: timeoutMs });
    return {
      runtime,
      close: async () => {
        await client.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
