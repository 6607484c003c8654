import { Args, Flags } from '@oclif/core';
import { TypewireCommand } from '../../base-command.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError, UsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class DlqReplay extends TypewireCommand {
  static override summary = 'Move dead letters back to the queues they died in.';

  static override description = `Replays the letters named with --id (repeatable), or every letter with --all.
A letter whose id is queued in its origin again, or that a dead-letter
consumer holds, is skipped and stays. Prints { replayed, skipped }.

Exit codes: 0 done (also when some were skipped); 1 a named --id is not in the
queue (NOT_FOUND_DEAD_LETTER), no such queue, or the database cannot be
reached; 2 bad command line (neither --id nor --all).`;

  static override examples = [
    { description: 'Replay two letters', command: '<%= config.bin %> <%= command.id %> fulfillment --id a1 --id b2' },
    { description: 'Replay everything', command: '<%= config.bin %> <%= command.id %> fulfillmentDead --all --json' },
  ];

  static override args = { queue: Args.string({ description: 'Dead-letter queue, or the queue its letters came from', required: true }) };

  static override flags = {
    ...databaseFlags,
    id: Flags.string({ description: 'A message id to replay (repeat for more)', multiple: true, exclusive: ['all'] }),
    all: Flags.boolean({ description: 'Replay every letter', default: false }),
    json: Flags.boolean({ description: 'Print { replayed, skipped } as JSON', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DlqReplay).catch(asUsageError);
    if (!flags.all && (flags.id === undefined || flags.id.length === 0)) throw new UsageError('give --id <id> (repeatable) or --all');
    const { withStore } = await import('../../ops/database-flags.js');
    const { findLetter, resolveDeadLetterTargets } = await import('../../ops/dead-letter-views.js');
    const result = await withStore(flags, async ({ db, store }) => {
      const targets = await resolveDeadLetterTargets(db, args.queue);
      // Name a missing id rather than report it as "skipped": a typo should not look like success.
      for (const id of flags.id ?? []) await findLetter(store, targets, id);
      let replayed = 0;
      let skipped = 0;
      for (const target of targets) {
        const r = await store.replayDeadLetters(target.deadLetterQueue, { ...(flags.id ? { ids: flags.id } : {}), ...(target.origin ? { origin: target.origin } : {}) });
        replayed += r.replayed;
        skipped += r.skipped;
      }
      return { replayed, skipped };
    });
    if (flags.json) this.printJson(result);
    else this.print(`replayed ${result.replayed}, skipped ${result.skipped}`);
    this.setExitCode(EXIT.ok);
  }
}
