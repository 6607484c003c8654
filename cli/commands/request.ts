import { Args, Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { TypewireCommand } from '../base-command.js';
import { EXIT } from '../output/exit-codes.js';
import { asUsageError } from '../output/failure.js';

export default class Request extends TypewireCommand {
  static override summary = 'Call a method on a running server and print the reply.';

  static override description = `Reads <json> as the method's request (int64 fields as decimal strings or safe
numbers, bytes as base64), validates it against the schema before connecting,
then calls <service.method> over TCP. The handshake presents the fingerprints
of the schemas in --schemas, so a server built from different schemas refuses
with TRANSPORT_SCHEMA_MISMATCH naming the messages. The reply prints as JSON
(int64 as strings); an error reply prints as error <CODE>: message.

Exit codes: 0 the method replied; 1 the request is invalid (VALIDATION_FAILED,
SERIALIZATION_DECODE_FAILED), the method is unknown (NOT_FOUND_METHOD), the
server could not be reached, or the reply is an error (its code); 2 bad command line.`;

  static override examples = [
    { description: 'Look up an order', command: `<%= config.bin %> <%= command.id %> orders.getOrder '{"orderId":"ord-1"}' --server 127.0.0.1:7420` },
    { description: 'JSON result or error object', command: `<%= config.bin %> <%= command.id %> telemetry.stats '{}' --schemas api/schemas --json` },
  ];

  static override args = {
    method: Args.string({ description: 'service.method, e.g. orders.placeOrder', required: true }),
    json: Args.string({ description: 'The request as JSON', required: true }),
  };

  static override flags = {
    schemas: Flags.string({ char: 's', description: 'Folder holding messages/*.json and services/*.service.json', default: 'schemas' }),
    server: Flags.string({ description: 'host:port of the typewire server (TCP)', default: '127.0.0.1:7420' }),
    timeout: Flags.integer({ description: 'Milliseconds to wait for the connection and the reply (default: the method\'s timeout)', min: 1 }),
    json: Flags.boolean({ description: 'Print { ok, reply } or { ok: false, error } as JSON', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Request).catch(asUsageError);
    const { loadSchemaSet } = await import('../wire/schema-set.js');
    const { connectTo, readArgument, toJson } = await import('../wire/send.js');
    const schemas = await loadSchemaSet(resolve(flags.schemas));
    const method = schemas.method(args.method);
    const request = readArgument(args.json, method.request);
    const connection = await connectTo(schemas, flags.server, flags.timeout ?? 5000);
    try {
      const reply = await connection.runtime.call(method, request, flags.timeout === undefined ? {} : { timeoutMs: flags.timeout });
      const body = toJson(reply, method.response);
      this.printJson(flags.json ? { ok: true, reply: body } : body);
    } finally {
      await connection.close();
    }
    this.setExitCode(EXIT.ok);
  }
}
