import { Args, Flags } from '@oclif/core';
import { TypewireCommand } from '../../base-command.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class DlqShow extends TypewireCommand {
  static override summary = 'Show one dead letter: its reason, headers and payload.';

  static override description = `Prints the letter as JSON (with or without --json). A JSON payload is shown as
it is; a msgpack payload is decoded when it carries no schema records,
otherwise shown as { "base64": … }. int64 values print as decimal strings.

Exit codes: 0 shown; 1 no such letter (NOT_FOUND_DEAD_LETTER) or queue
(NOT_FOUND_QUEUE), or the database cannot be reached; 2 bad command line.`;

  static override examples = [{ description: 'One letter', command: '<%= config.bin %> <%= command.id %> fulfillment 0d6c3c1e-…' }];

  static override args = {
    queue: Args.string({ description: 'Dead-letter queue, or the queue its letters came from', required: true }),
    id: Args.string({ description: 'Message id', required: true }),
  };

  static override flags = { ...databaseFlags, json: Flags.boolean({ description: 'Errors as JSON too', default: false }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DlqShow).catch(asUsageError);
    const { withStore } = await import('../../ops/database-flags.js');
    const { findLetter, resolveDeadLetterTargets, viewOf } = await import('../../ops/dead-letter-views.js');
    const view = await withStore(flags, async ({ db, store }) => viewOf(await findLetter(store, await resolveDeadLetterTargets(db, args.queue), args.id), true));
    this.printJson(view);
    this.setExitCode(EXIT.ok);
  }
}
