import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { TypewireCommand } from '../../base-command.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class DlqShow extends TypewireCommand {
  static override summary = 'Show one dead letter: its reason, headers and payload.';

  static override description = `Prints the letter as JSON (with or without --json). A JSON payload is shown as
it is; a msgpack payload is decoded when it carries no schema records,
otherwise shown as { "base64": … } unless --schemas names the schema folder:
then the payload is decoded with the message type of the queue the letter
died in (a payload that type cannot decode shows { "base64", "decodeError" }).
int64 values print as decimal strings.

Exit codes: 0 shown; 1 no such letter (NOT_FOUND_DEAD_LETTER) or queue
(NOT_FOUND_QUEUE, also when --schemas does not declare the letter's queue),
the schemas have problems (SCHEMA_*), or the database cannot be reached;
2 bad command line.`;

  static override examples = [
    { description: 'One letter', command: '<%= config.bin %> <%= command.id %> fulfillment 0d6c3c1e-…' },
    { description: 'Decoded with the schemas', command: '<%= config.bin %> <%= command.id %> fulfillment 0d6c3c1e-… --schemas schemas' },
  ];

  static override args = {
    queue: Args.string({ description: 'Dead-letter queue, or the queue its letters came from', required: true }),
    id: Args.string({ description: 'Message id', required: true }),
  };

  static override flags = {
    ...databaseFlags,
    schemas: Flags.string({ char: 's', description: 'Schema folder: decode the payload with its queue’s message type' }),
    json: Flags.boolean({ description: 'Errors as JSON too', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DlqShow).catch(asUsageError);
    const { withStore } = await import('../../ops/database-flags.js');
    const { findLetter, resolveDeadLetterTargets, viewOf } = await import('../../ops/dead-letter-views.js');
    const schemas = flags.schemas === undefined ? undefined : await (await import('../../wire/schema-set.js')).loadSchemaSet(resolve(flags.schemas));
    const view = await withStore(flags, async ({ db, store }) => {
      const letter = await findLetter(store, await resolveDeadLetterTargets(db, args.queue), args.id);
      if (schemas === undefined) return viewOf(letter, true);
      const queue = schemas.queue(letter.origin);
      if (queue === undefined) {
        throw new TypewireError('NOT_FOUND_QUEUE', `the schemas in ${flags.schemas} declare no queue "${letter.origin}", the queue letter ${letter.id} died in`, {
          details: { queue: letter.origin },
        });
      }
      return viewOf(letter, { schema: queue.message });
    });
    this.printJson(view);
    this.setExitCode(EXIT.ok);
  }
}
