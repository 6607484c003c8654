import { Args, Flags } from '@oclif/core';
import { TypewireCommand } from '../../base-command.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class DlqList extends TypewireCommand {
  static override summary = 'List the dead letters of a queue, oldest first, with why each died.';

  static override description = `<queue> is the dead-letter queue, or the queue the messages died in (its
dead-letter queue is found from the letters). Reads the database directly.

Exit codes: 0 listed (also when empty); 1 no such queue (NOT_FOUND_QUEUE), or
the database cannot be reached; 2 bad command line.`;

  static override examples = [
    { description: 'Dead letters of the fulfillment queue', command: '<%= config.bin %> <%= command.id %> fulfillment' },
    { description: 'First 10, as JSON', command: '<%= config.bin %> <%= command.id %> fulfillmentDead --limit 10 --json' },
  ];

  static override args = { queue: Args.string({ description: 'Dead-letter queue, or the queue its letters came from', required: true }) };

  static override flags = {
    ...databaseFlags,
    limit: Flags.integer({ char: 'n', description: 'At most this many letters', default: 100, min: 1 }),
    json: Flags.boolean({ description: 'Print the letters as a JSON array', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DlqList).catch(asUsageError);
    const { withStore } = await import('../../ops/database-flags.js');
    const { listLetters, resolveDeadLetterTargets, viewOf } = await import('../../ops/dead-letter-views.js');
    const views = await withStore(flags, async ({ db, store }) => {
      const letters = await listLetters(store, await resolveDeadLetterTargets(db, args.queue), flags.limit);
      return letters.map((l) => viewOf(l, false));
    });
    if (flags.json) this.printJson(views);
    else if (views.length === 0) this.print(`no dead letters for ${args.queue}`);
    else for (const v of views) this.print(`${v.id}  ${v.origin} -> ${v.queue}  ${v.deadAt}  ${v.reason.reason} ${v.reason.code} after ${v.reason.attempts} attempts: ${v.reason.message}`);
    this.setExitCode(EXIT.ok);
  }
}
