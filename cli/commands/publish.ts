import { Args, Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { TypewireCommand } from '../base-command.js';
import { EXIT } from '../output/exit-codes.js';
import { asUsageError } from '../output/failure.js';

export default class Publish extends TypewireCommand {
  static override summary = 'Publish an event to a running server.';

  static override description = `Reads <json> as the payload of the event declared on <topic> (int64 fields as
decimal strings or safe numbers, bytes as base64), validates it against the
schema before connecting, then publishes it over TCP and waits until the
server has handled it. The handshake presents the fingerprints of --schemas.

Exit codes: 0 published; 1 the payload is invalid (VALIDATION_FAILED,
SERIALIZATION_DECODE_FAILED), no service declares the topic
(VALIDATION_BAD_TOPIC), or the server could not be reached or refused the
schemas; 2 bad command line.`;

  static override examples = [
    { description: 'A temperature reading', command: `<%= config.bin %> <%= command.id %> telemetry.engine.temperature '{"deviceId":"e1","value":81.5,"unit":"celsius","at":"1700000000000000000"}'` },
  ];

  static override args = {
    topic: Args.string({ description: 'Event topic, e.g. order.placed', required: true }),
    json: Args.string({ description: 'The payload as JSON', required: true }),
  };

  static override flags = {
    schemas: Flags.string({ char: 's', description: 'Folder holding messages/*.json and services/*.service.json', default: 'schemas' }),
    server: Flags.string({ description: 'host:port of the typewire server (TCP)', default: '127.0.0.1:7420' }),
    timeout: Flags.integer({ description: 'Milliseconds to wait for the connection', default: 5000, min: 1 }),
    json: Flags.boolean({ description: 'Print { ok, topic } or { ok: false, error } as JSON', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Publish).catch(asUsageError);
    const { loadSchemaSet } = await import('../wire/schema-set.js');
    const { connectTo, readArgument } = await import('../wire/send.js');
    const schemas = await loadSchemaSet(resolve(flags.schemas));
    const event = schemas.event(args.topic);
    const payload = readArgument(args.json, event.payload);
    const connection = await connectTo(schemas, flags.server, flags.timeout);
    try {
      await connection.runtime.publish(event, payload);
      // Resolves once the server has handled everything sent so far.
      await connection.runtime.flush();
    } finally {
      await connection.close();
    }
    if (flags.json) this.printJson({ ok: true, topic: args.topic });
    else this.print(`published ${args.topic}`);
    this.setExitCode(EXIT.ok);
  }
}
